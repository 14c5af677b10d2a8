package solution

import "testing"

func TestNotFoundPage(t *testing.T) {
	got := NotFoundPage("/docs/missing")
	want := "<html><body><h1>Not found</h1><p>No page at /docs/missing</p></body></html>"
	if got != want {
		t.Fatalf("got %s", got)
	}
}

func TestPlainCharactersUnchanged(t *testing.T) {
	got := NotFoundPage("/blog/2024/hello-world_v2")
	if got != "<html><body><h1>Not found</h1><p>No page at /blog/2024/hello-world_v2</p></body></html>" {
		t.Fatalf("got %s", got)
	}
}
