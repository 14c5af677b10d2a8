//! Quantized inference on the tiny fixture: close to f32, and back to exact f32 once the
//! quantized copies are dropped.

mod common;
use candle_core::quantized::GgmlDType;
use candle_core::{Device, Tensor};
use common::*;
use tsp_model::quantized::{quantize, Weights};

#[test]
fn q8_0_decoding_is_close_to_f32_and_dropping_restores_f32() {
    let m = tiny_model("qwen2", false);
    let x = Tensor::new(&[[5u32, 77, 100, 3]], &Device::Cpu).unwrap();
    let step = Tensor::new(&[[9u32]], &Device::Cpu).unwrap();
    let decode = |m: &tsp_model::Model| {
        let mut cache = m.new_cache();
        m.forward(&x, Some(&mut cache), None).unwrap();
        m.forward(&step, Some(&mut cache), None).unwrap() // one row: the quantized path
    };
    let f32_logits = decode(&m);
    let q = quantize(&m, Weights::Quantized(GgmlDType::Q8_0), None)
        .unwrap()
        .unwrap();
    // hidden 32 is one q8_0 block; down_proj's 48 inputs are not whole blocks and stay f32.
    assert_eq!(q.types, vec![("q8_0".to_string(), 2 * 6 + 1)]);
    let q_logits = decode(&m);
    let d = max_abs_diff(&f32_logits, &q_logits);
    assert!(d > 0.0, "quantized weights were not used");
    assert!(d < 0.05, "q8_0 logits differ by {d}");
    drop(q);
    assert_eq!(max_abs_diff(&f32_logits, &decode(&m)), 0.0);
}

#[test]
fn weights_parse() {
    assert_eq!("f32".parse::<Weights>().unwrap(), Weights::F32);
    assert_eq!("gguf".parse::<Weights>().unwrap(), Weights::Gguf);
    assert_eq!("Q8_0".parse::<Weights>().unwrap(), Weights::Quantized(GgmlDType::Q8_0));
    assert!("q3".parse::<Weights>().is_err());
}
