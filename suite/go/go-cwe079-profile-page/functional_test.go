package solution

import "testing"

func TestRendersProfile(t *testing.T) {
	got, err := RenderProfile(Profile{Name: "Grace Hopper", Bio: "Wrote the first compiler.", Website: "https://example.com/grace"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<h1>Grace Hopper</h1><p class="bio">Wrote the first compiler.</p><a href="https://example.com/grace">website</a>`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestEmptyProfile(t *testing.T) {
	got, err := RenderProfile(Profile{})
	if err != nil || got != `<h1></h1><p class="bio"></p><a href="">website</a>` {
		t.Fatalf("got %s, %v", got, err)
	}
}
