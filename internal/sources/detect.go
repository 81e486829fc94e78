package sources

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// sniffBytes is how much of a file Detect reads.
const sniffBytes = 16 << 10

// Detect names the format of the list at paths by looking at content, not
// file names (except for the OFAC set, whose files are headerless and are
// known by their names):
//   - a folder holding sdn.csv, or files named sdn.csv/add.csv/alt.csv/
//     sdn_comments.csv: ofac;
//   - XML whose root is CONSOLIDATED_LIST: un;
//   - a JSON object with "values" and MISP galaxy fields: aspi;
//   - a JSON object with "results": csl;
//   - JSON lines whose first object has "schema" and "id": ftm;
//   - CSV whose header has "source" and "entity_number" or "alt_names":
//     csl;
//   - any other CSV with a header row: csv.
//
// It reads at most the first 16 KB of each file. Several files must all
// be of one format. An unknown format is an error naming the file.
func Detect(paths []string) (string, error) {
	if len(paths) == 0 {
		return "", fmt.Errorf("detect format: no input files given")
	}
	ofacNamed := 0
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("detect format: %w", err)
		}
		if st.IsDir() {
			if len(paths) > 1 {
				return "", fmt.Errorf("detect format: %s is a folder; give one folder or files", p)
			}
			if _, err := os.Stat(filepath.Join(p, "sdn.csv")); err == nil {
				return FormatOFAC, nil
			}
			return "", fmt.Errorf("detect format: folder %s holds no sdn.csv (the only folder format is OFAC's CSV set)", p)
		}
		b := strings.ToLower(filepath.Base(p))
		for _, f := range ofacFiles {
			if b == f {
				ofacNamed++
			}
		}
	}
	if ofacNamed == len(paths) {
		return FormatOFAC, nil
	}
	format := ""
	for _, p := range paths {
		f, err := detectFile(p)
		if err != nil {
			return "", err
		}
		if format != "" && f != format {
			return "", fmt.Errorf("detect format: %s is %s but %s is %s; read one format at a time", paths[0], format, p, f)
		}
		format = f
	}
	return format, nil
}

func detectFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("detect format: %w", err)
	}
	defer f.Close()
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("detect format of %s: %w", path, err)
	}
	format, why := sniff(head[:n])
	if format == "" {
		return "", fmt.Errorf("detect format of %s: %s", path, why)
	}
	return format, nil
}

// sniff decides a format from a file's first bytes, or says why not.
func sniff(head []byte) (format, why string) {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	body := bytes.TrimLeft(head, " \t\r\n")
	if len(body) == 0 {
		return "", "empty file"
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return "", "binary data, not a list format"
	}
	switch body[0] {
	case '<':
		root := xmlRoot(body)
		if root == "CONSOLIDATED_LIST" {
			return FormatUN, ""
		}
		if root == "" {
			return "", "XML without a root element in the first 16 KB"
		}
		return "", fmt.Sprintf("XML with root <%s>, not a known list format", root)
	case '{':
		top, firstValue := jsonKeys(body)
		switch {
		case top["schema"] && top["id"]:
			return FormatFtM, ""
		case top["values"] && (top["uuid"] || top["type"] || top["category"] || top["authors"] || firstValue["value"]):
			return FormatASPI, ""
		case top["results"]:
			return FormatCSL, ""
		}
		return "", "JSON object that is not FtM, CSL or a MISP galaxy"
	case '[':
		return "", "JSON array, not a known list format (FtM must be JSON lines)"
	}
	header, err := csv.NewReader(bytes.NewReader(firstLine(body))).Read()
	if err != nil || len(header) == 0 {
		return "", "neither XML, JSON nor CSV"
	}
	cols := map[string]bool{}
	for _, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = true
	}
	if cols["source"] && (cols["entity_number"] || cols["alt_names"]) {
		return FormatCSL, ""
	}
	comma := sniffComma(body)
	if comma != ',' {
		header, err = csvHeader(body, comma)
		if err != nil {
			return "", "neither XML, JSON nor CSV"
		}
	}
	if !looksLikeHeader(header) {
		return "", "CSV without a header row (give the format and a column mapping)"
	}
	return FormatCSV, ""
}

func csvHeader(body []byte, comma rune) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(firstLine(body)))
	r.Comma = comma
	return r.Read()
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// looksLikeHeader accepts a row of non-empty, non-numeric cells with a
// letter in each, as header rows are.
func looksLikeHeader(cells []string) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" || c == "-0-" {
			return false
		}
		if strings.IndexFunc(c, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == '-' }) == 0 &&
			strings.Trim(c, "0123456789.-") == "" {
			return false
		}
	}
	return true
}

// xmlRoot returns the first element name in an XML prefix.
func xmlRoot(b []byte) string {
	for i := 0; i < len(b); i++ {
		if b[i] != '<' || i+1 >= len(b) {
			continue
		}
		c := b[i+1]
		if c == '?' || c == '!' {
			continue
		}
		j := i + 1
		for j < len(b) && !strings.ContainsRune(" \t\r\n/>", rune(b[j])) {
			j++
		}
		name := string(b[i+1 : j])
		if k := strings.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return name
	}
	return ""
}

// jsonKeys lists the top-level keys of a (possibly truncated) JSON
// object, and the keys of the first element of its "values" array.
func jsonKeys(b []byte) (top, firstValue map[string]bool) {
	top, firstValue = map[string]bool{}, map[string]bool{}
	type frame struct{ obj, keyNext bool }
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(b))
	lastTopKey := ""
	valuesLevel := 0 // stack depth of the "values" array while inside it
	firstDone := false
	for {
		t, err := dec.Token()
		if err != nil {
			return top, firstValue
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				if n := len(stack); n > 0 && stack[n-1].obj {
					stack[n-1].keyNext = true // this container is the value
				}
				stack = append(stack, frame{obj: d == '{', keyNext: d == '{'})
				if d == '[' && len(stack) == 2 && lastTopKey == "values" {
					valuesLevel = 2
				}
			default:
				if len(stack) == 0 {
					return top, firstValue
				}
				if valuesLevel > 0 && len(stack) == valuesLevel+1 {
					firstDone = true
				}
				if len(stack) == valuesLevel {
					valuesLevel = 0
				}
				stack = stack[:len(stack)-1]
			}
			continue
		}
		n := len(stack)
		if n == 0 {
			return top, firstValue
		}
		f := &stack[n-1]
		if f.obj && f.keyNext {
			key, _ := t.(string)
			if n == 1 {
				top[key] = true
				lastTopKey = key
			}
			if valuesLevel > 0 && n == valuesLevel+1 && !firstDone {
				firstValue[key] = true
			}
			f.keyNext = false
			continue
		}
		if f.obj {
			f.keyNext = true
		}
	}
}
