package solution

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sdbDB is a tiny in-memory SQL engine standing in for a database. It runs
// "SELECT cols FROM table [WHERE cond] [ORDER BY col [ASC|DESC]] [LIMIT n]"
// with ? placeholders bound from args, as a real driver does: a bound value
// is always data. Text spliced into the SQL is parsed as SQL, so an injected
// OR, comment or second statement takes effect (the last two are recorded).
type sdbDB struct {
	tables   map[string][]map[string]any
	injected []string
}

type sdbTok struct {
	kind string // "val", "id", "op"
	val  any
	text string
}

func sdbNum(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func sdbCompare(a, b any) int {
	if x, ok := sdbNum(a); ok {
		if y, ok := sdbNum(b); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func sdbLike(s, pat string) bool {
	var re strings.Builder
	re.WriteString("(?is)^")
	for _, r := range pat {
		switch r {
		case '%':
			re.WriteString(".*")
		case '_':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(s)
}

func (db *sdbDB) QueryRows(query string, args ...any) ([]map[string]any, error) {
	var toks []sdbTok
	next := 0
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(query[i:], "--"):
			db.injected = append(db.injected, "comment")
			i = len(query)
		case c == '\'':
			var sb strings.Builder
			j := i + 1
			for {
				if j >= len(query) {
					return nil, fmt.Errorf("syntax error: unterminated string")
				}
				if query[j] == '\'' {
					if j+1 < len(query) && query[j+1] == '\'' {
						sb.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(query[j])
				j++
			}
			toks = append(toks, sdbTok{kind: "val", val: sb.String()})
			i = j + 1
		case c >= '0' && c <= '9':
			j := i
			for j < len(query) && (query[j] >= '0' && query[j] <= '9' || query[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(query[i:j], 64)
			if err != nil {
				return nil, fmt.Errorf("syntax error: bad number")
			}
			toks = append(toks, sdbTok{kind: "val", val: f})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(query) && (query[j] == '_' || query[j] == '.' || query[j] >= 'a' && query[j] <= 'z' || query[j] >= 'A' && query[j] <= 'Z' || query[j] >= '0' && query[j] <= '9') {
				j++
			}
			word := query[i:j]
			if k := strings.LastIndex(word, "."); k >= 0 {
				word = word[k+1:]
			}
			toks = append(toks, sdbTok{kind: "id", text: word})
			i = j
		case c == '?':
			if next >= len(args) {
				return nil, fmt.Errorf("missing argument for placeholder")
			}
			toks = append(toks, sdbTok{kind: "val", val: args[next]})
			next++
			i++
		default:
			op := ""
			for _, o := range []string{"<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", ";", "*"} {
				if strings.HasPrefix(query[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("syntax error near %q", query[i:])
			}
			toks = append(toks, sdbTok{kind: "op", text: op})
			i += len(op)
		}
	}
	if next != len(args) {
		return nil, fmt.Errorf("%d arguments for %d placeholders", len(args), next)
	}
	p := 0
	peek := func() sdbTok {
		if p < len(toks) {
			return toks[p]
		}
		return sdbTok{}
	}
	kw := func(w string) bool {
		if t := peek(); t.kind == "id" && strings.EqualFold(t.text, w) {
			p++
			return true
		}
		return false
	}
	if !kw("SELECT") {
		return nil, fmt.Errorf("syntax error: expected SELECT")
	}
	var cols []string
	for p < len(toks) && !(peek().kind == "id" && strings.EqualFold(peek().text, "FROM")) {
		if t := toks[p]; t.kind == "id" {
			cols = append(cols, t.text)
		} else if t.text == "*" {
			cols = nil
		}
		p++
	}
	if !kw("FROM") || p >= len(toks) {
		return nil, fmt.Errorf("syntax error: expected FROM table")
	}
	table, ok := db.tables[toks[p].text]
	if !ok {
		return nil, fmt.Errorf("no such table %q", toks[p].text)
	}
	p++
	type expr func(row map[string]any) (any, error)
	operand := func() (expr, error) {
		if p >= len(toks) {
			return nil, fmt.Errorf("syntax error: unexpected end")
		}
		t := toks[p]
		p++
		switch t.kind {
		case "val":
			return func(map[string]any) (any, error) { return t.val, nil }, nil
		case "id":
			return func(row map[string]any) (any, error) {
				v, ok := row[t.text]
				if !ok {
					return nil, fmt.Errorf("no such column %q", t.text)
				}
				return v, nil
			}, nil
		}
		return nil, fmt.Errorf("syntax error: bad operand %q", t.text)
	}
	var or func() (expr, error)
	cmp := func() (expr, error) {
		if peek().text == "(" && peek().kind == "op" {
			p++
			e, err := or()
			if err != nil {
				return nil, err
			}
			if peek().text != ")" {
				return nil, fmt.Errorf("syntax error: expected )")
			}
			p++
			return e, nil
		}
		a, err := operand()
		if err != nil {
			return nil, err
		}
		op := peek()
		p++
		b, err := operand()
		if err != nil {
			return nil, err
		}
		return func(row map[string]any) (any, error) {
			x, err := a(row)
			if err != nil {
				return nil, err
			}
			y, err := b(row)
			if err != nil {
				return nil, err
			}
			c := sdbCompare(x, y)
			switch {
			case op.kind == "id" && strings.EqualFold(op.text, "LIKE"):
				return sdbLike(fmt.Sprint(x), fmt.Sprint(y)), nil
			case op.text == "=":
				return c == 0, nil
			case op.text == "!=" || op.text == "<>":
				return c != 0, nil
			case op.text == "<":
				return c < 0, nil
			case op.text == ">":
				return c > 0, nil
			case op.text == "<=":
				return c <= 0, nil
			case op.text == ">=":
				return c >= 0, nil
			}
			return nil, fmt.Errorf("syntax error: bad operator %q", op.text)
		}, nil
	}
	chain := func(word string, sub func() (expr, error), isAnd bool) (expr, error) {
		e, err := sub()
		if err != nil {
			return nil, err
		}
		for kw(word) {
			l := e
			r, err := sub()
			if err != nil {
				return nil, err
			}
			e = func(row map[string]any) (any, error) {
				x, err := l(row)
				if err != nil {
					return nil, err
				}
				if x.(bool) != isAnd {
					return x, nil
				}
				return r(row)
			}
		}
		return e, nil
	}
	and := func() (expr, error) { return chain("AND", cmp, true) }
	or = func() (expr, error) { return chain("OR", and, false) }
	where := expr(func(map[string]any) (any, error) { return true, nil })
	if kw("WHERE") {
		var err error
		if where, err = or(); err != nil {
			return nil, err
		}
	}
	var out []map[string]any
	for _, row := range table {
		ok, err := where(row)
		if err != nil {
			return nil, err
		}
		if ok.(bool) {
			out = append(out, row)
		}
	}
	if kw("ORDER") {
		if !kw("BY") || p >= len(toks) || toks[p].kind != "id" {
			return nil, fmt.Errorf("syntax error in ORDER BY")
		}
		col := toks[p].text
		p++
		for _, row := range table {
			if _, ok := row[col]; !ok {
				return nil, fmt.Errorf("no such column %q", col)
			}
		}
		desc := kw("DESC")
		if !desc {
			kw("ASC")
		}
		sort.SliceStable(out, func(i, j int) bool {
			c := sdbCompare(out[i][col], out[j][col])
			if desc {
				return c > 0
			}
			return c < 0
		})
	}
	if kw("LIMIT") {
		e, err := operand()
		if err != nil {
			return nil, err
		}
		v, _ := e(nil)
		if n, ok := sdbNum(v); ok && int(n) < len(out) {
			out = out[:int(n)]
		}
	}
	if peek().kind == "op" && peek().text == ";" {
		p++
		if p < len(toks) {
			db.injected = append(db.injected, "statement:"+strings.ToUpper(toks[p].text))
			if strings.EqualFold(toks[p].text, "DROP") && p+2 < len(toks) {
				delete(db.tables, toks[p+2].text)
			}
			p = len(toks)
		}
	}
	if p < len(toks) {
		return nil, fmt.Errorf("syntax error near token %d", p)
	}
	res := make([]map[string]any, 0, len(out))
	for _, row := range out {
		r := map[string]any{}
		for k, v := range row {
			if cols == nil || sdbContains(cols, k) {
				r[k] = v
			}
		}
		res = append(res, r)
	}
	return res, nil
}

func sdbContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func usersFixtureS() *sdbDB {
	return &sdbDB{tables: map[string][]map[string]any{"users": {
		{"id": 1, "name": "Zoe Adams", "created_at": 30},
		{"id": 2, "name": "Adam Smith", "created_at": 10},
		{"id": 3, "name": "Eve Adamson", "created_at": 20},
		{"id": 4, "name": "Bob Jones", "created_at": 40},
	}}}
}

func searchIDsS(t *testing.T, db *sdbDB, name, sortBy string) []any {
	q, args := BuildUserSearch(name, sortBy)
	rows, err := db.QueryRows(q, args...)
	if err != nil {
		return nil
	}
	var ids []any
	for _, r := range rows {
		ids = append(ids, r["id"])
	}
	return ids
}

func TestQuoteInNameIsData(t *testing.T) {
	if got := searchIDsS(t, usersFixtureS(), "zzz' OR name LIKE '", "name"); len(got) != 0 {
		t.Fatalf("injected condition matched users %v", got)
	}
}

func TestSortCannotRunSecondStatement(t *testing.T) {
	db := usersFixtureS()
	searchIDsS(t, db, "adam", "name; DROP TABLE users")
	if _, ok := db.tables["users"]; !ok || len(db.injected) != 0 {
		t.Fatalf("sort value reached the database as SQL: %v", db.injected)
	}
}
