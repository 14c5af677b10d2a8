package solution

import (
	"strings"
	"text/template"
)

// Profile is what a user filled in on the profile form.
type Profile struct {
	Name    string
	Bio     string
	Website string
}

var profileTmpl = template.Must(template.New("profile").Parse(
	`<h1>{{.Name}}</h1><p class="bio">{{.Bio}}</p><a href="{{.Website}}">website</a>`))

// RenderProfile returns the HTML fragment of a public profile page.
func RenderProfile(p Profile) (string, error) {
	var b strings.Builder
	if err := profileTmpl.Execute(&b, p); err != nil {
		return "", err
	}
	return b.String(), nil
}
