// helm-render: renders deploy/helm/preau with Go's text/template, the engine
// Helm itself uses, and the handful of Helm/Sprig functions the chart calls.
// It exists because the helm binary cannot be installed where Préau is
// developed (only npm and Debian packages are reachable; Debian ships Go,
// not Helm). It is a syntax-and-logic check, not a replacement for
// `helm lint` / `helm template`: see docs/OPERATIONS.md.
//
// Usage: go run ./deploy/tools/helm-render CHART_DIR VALUES_JSON > out.yaml
// (values as JSON, numbers as float64 exactly as Helm reads YAML values).
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: helm-render CHART_DIR VALUES_JSON")
		os.Exit(2)
	}
	out, err := render(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

func render(chartDir, valuesFile string) (string, error) {
	raw, err := os.ReadFile(valuesFile)
	if err != nil {
		return "", err
	}
	var values map[string]interface{}
	if err := json.Unmarshal(raw, &values); err != nil {
		return "", err
	}
	chart := map[string]interface{}{"Name": "preau", "Version": "0.1.0", "AppVersion": "0.1.0"}
	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil {
		return "", err
	}
	sort.Strings(files)

	root := template.New("gotpl").Option("missingkey=zero")
	includeDepth := 0
	funcs := template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			includeDepth++
			defer func() { includeDepth-- }()
			if includeDepth > 100 {
				return "", errors.New("include: too deep")
			}
			var buf bytes.Buffer
			err := root.ExecuteTemplate(&buf, name, data)
			return buf.String(), err
		},
		"required": func(msg string, v interface{}) (interface{}, error) {
			if v == nil || v == "" {
				return nil, errors.New(msg)
			}
			return v, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(msg) },
		"default": func(d interface{}, v ...interface{}) interface{} {
			if len(v) == 0 || empty(v[0]) {
				return d
			}
			return v[0]
		},
		"trunc": func(n int, s string) string {
			if len(s) > n {
				return s[:n]
			}
			return s
		},
		"trimSuffix": func(suffix, s string) string { return strings.TrimSuffix(s, suffix) },
		"replace":    func(old, new, s string) string { return strings.ReplaceAll(s, old, new) },
		"contains":   func(sub, s string) bool { return strings.Contains(s, sub) },
		"quote":      func(v interface{}) string { return strconv.Quote(toString(v)) },
		"sha256sum":  func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) },
		"int":        func(v interface{}) int { return int(toFloat(v)) },
		"int64":      func(v interface{}) int64 { return int64(toFloat(v)) },
		"toYaml":     func(v interface{}) string { return strings.TrimSuffix(toYAML(v, 0), "\n") },
		"nindent":    func(n int, s string) string { return "\n" + indent(n, s) },
		"indent":     indent,
		"list":       func(v ...interface{}) []interface{} { return v },
	}
	root.Funcs(funcs)
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		name := "preau/templates/" + filepath.Base(f)
		if _, err := root.New(name).Parse(string(body)); err != nil {
			return "", err
		}
	}
	top := map[string]interface{}{
		"Values":   values,
		"Chart":    chart,
		"Release":  map[string]interface{}{"Name": "ent", "Namespace": "preau", "Service": "Helm"},
		"Template": map[string]interface{}{"BasePath": "preau/templates"},
	}
	var out strings.Builder
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasPrefix(base, "_") || strings.HasSuffix(base, ".txt") {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, "preau/templates/"+base, top); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: preau/templates/%s\n%s\n", base, strings.TrimSpace(text))
	}
	return out.String(), nil
}

func empty(v interface{}) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case map[string]interface{}:
		return len(x) == 0
	case []interface{}:
		return len(x) == 0
	}
	return false
}

func toFloat(v interface{}) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

// toString mirrors Sprig's: float64 values print with %v, as Helm does.
func toString(v interface{}) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%v", v)
}

func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// toYAML: block YAML with sorted keys, strings JSON-quoted (valid YAML).
func toYAML(v interface{}, level int) string {
	pad := strings.Repeat("  ", level)
	switch x := v.(type) {
	case map[string]interface{}:
		if len(x) == 0 {
			return "{}\n"
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			child := x[k]
			if isBlock(child) {
				fmt.Fprintf(&b, "%s%s:\n%s", pad, k, toYAML(child, level+1))
			} else {
				fmt.Fprintf(&b, "%s%s: %s", pad, k, toYAML(child, 0))
			}
		}
		return b.String()
	case []interface{}:
		if len(x) == 0 {
			return "[]\n"
		}
		var b strings.Builder
		for _, item := range x {
			if isBlock(item) {
				inner := toYAML(item, level+1)
				fmt.Fprintf(&b, "%s- %s", pad, strings.TrimPrefix(inner, pad+"  "))
			} else {
				fmt.Fprintf(&b, "%s- %s", pad, toYAML(item, 0))
			}
		}
		return b.String()
	case string:
		q, _ := json.Marshal(x)
		return string(q) + "\n"
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10) + "\n"
		}
		return strconv.FormatFloat(x, 'f', -1, 64) + "\n"
	case bool:
		return strconv.FormatBool(x) + "\n"
	case nil:
		return "null\n"
	}
	return fmt.Sprintf("%v\n", v)
}

func isBlock(v interface{}) bool {
	switch x := v.(type) {
	case map[string]interface{}:
		return len(x) > 0
	case []interface{}:
		return len(x) > 0
	}
	return false
}
