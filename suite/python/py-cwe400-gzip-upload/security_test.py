import gzip
import tracemalloc

from solution import read_gzip_upload


def test_decompression_bomb_is_not_expanded():
    # 32 gzip members of 1 MiB of zeros each: about 33 KB on the wire, 32 MiB when decompressed.
    bomb = gzip.compress(b"\0" * (1 << 20), compresslevel=9) * 32
    tracemalloc.start()
    try:
        try:
            read_gzip_upload(bomb, 64 * 1024)
        except ValueError:
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * (1 << 20), f"peak {peak >> 20} MiB for a 64 KiB limit"
