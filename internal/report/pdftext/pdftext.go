// Package pdftext extracts the text of a PDF as a reader shows it, so that
// tests (of the reports, the CLI and the web pages' downloads) can check
// what a PDF says rather than how it was written.
//
// It parses the file with rsc.io/pdf (cross-reference table, objects,
// Flate streams) and decodes each text-showing operator through its font's
// ToUnicode CMap, as a standard viewer does for copy and search. rsc.io/pdf
// alone skips ToUnicode for Identity-H fonts, which is what fpdf's UTF-8
// fonts use, so the CMap step is done here.
package pdftext

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"rsc.io/pdf"
)

// Extract returns the text of every page of the PDF in b, pages separated
// by a form feed and text objects by newlines. It fails on anything that
// is not a readable PDF.
func Extract(b []byte) (text string, err error) {
	defer func() {
		if r := recover(); r != nil { // rsc.io/pdf panics on some malformed files
			err = fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", fmt.Errorf("open PDF: %w", err)
	}
	n := r.NumPage()
	if n == 0 {
		return "", fmt.Errorf("PDF has no pages")
	}
	var out strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			out.WriteString("\f")
		}
		page := r.Page(i)
		if page.V.IsNull() {
			return "", fmt.Errorf("page %d is missing", i)
		}
		fonts := map[string]*cmap{}
		fd := page.Resources().Key("Font")
		for _, name := range fd.Keys() {
			fonts[name] = fontMap(fd.Key(name))
		}
		contents := page.V.Key("Contents")
		streams := []pdf.Value{contents}
		if contents.Kind() == pdf.Array {
			streams = streams[:0]
			for j := 0; j < contents.Len(); j++ {
				streams = append(streams, contents.Index(j))
			}
		}
		var cur *cmap
		for _, s := range streams {
			pdf.Interpret(s, func(stk *pdf.Stack, op string) {
				args := make([]pdf.Value, stk.Len())
				for k := len(args) - 1; k >= 0; k-- {
					args[k] = stk.Pop()
				}
				switch op {
				case "Tf":
					if len(args) == 2 {
						cur = fonts[args[0].Name()]
					}
				case "Tj", "'", `"`:
					if len(args) > 0 {
						out.WriteString(cur.decode(args[len(args)-1].RawString()))
					}
				case "TJ":
					if len(args) == 1 {
						a := args[0]
						for k := 0; k < a.Len(); k++ {
							if v := a.Index(k); v.Kind() == pdf.String {
								out.WriteString(cur.decode(v.RawString()))
							}
						}
					}
				case "ET", "T*", "Td", "TD":
					out.WriteString("\n")
				}
			})
		}
	}
	return out.String(), nil
}

// cmap maps a font's character codes to text.
type cmap struct {
	width  int // bytes per code: 2 for Type0 fonts, else 1
	single map[string]string
	ranges []bfrange
}

type bfrange struct {
	lo, hi string
	dst    []string // one UTF-16BE string to increment, or one per code
	inc    bool
}

// fontMap reads the font's ToUnicode CMap. The CMap is a PostScript
// resource; only its bfchar and bfrange sections matter for text, and
// they are read here with a small scanner of hex strings and arrays.
func fontMap(font pdf.Value) *cmap {
	m := &cmap{width: 1, single: map[string]string{}}
	if font.Key("Subtype").Name() == "Type0" {
		m.width = 2
	}
	tu := font.Key("ToUnicode")
	if tu.Kind() != pdf.Stream {
		return m
	}
	rd := tu.Reader()
	src, err := io.ReadAll(rd)
	rd.Close()
	if err != nil {
		return m
	}
	s := string(src)
	for _, sec := range sections(s, "beginbfchar", "endbfchar") {
		toks := cmapTokens(sec)
		for i := 0; i+1 < len(toks); i += 2 {
			m.single[toks[i].hex] = utf16be(toks[i+1].hex)
		}
	}
	for _, sec := range sections(s, "beginbfrange", "endbfrange") {
		toks := cmapTokens(sec)
		for i := 0; i+2 < len(toks); i += 3 {
			r := bfrange{lo: toks[i].hex, hi: toks[i+1].hex}
			if d := toks[i+2]; d.array != nil {
				r.dst = d.array
			} else {
				r.dst, r.inc = []string{d.hex}, true
			}
			m.ranges = append(m.ranges, r)
		}
	}
	return m
}

// sections returns the text between each begin and end keyword.
func sections(s, begin, end string) []string {
	var out []string
	for {
		i := strings.Index(s, begin)
		if i < 0 {
			return out
		}
		s = s[i+len(begin):]
		j := strings.Index(s, end)
		if j < 0 {
			return out
		}
		out = append(out, s[:j])
		s = s[j+len(end):]
	}
}

// cmapToken is a hex string (decoded to bytes) or an array of them.
type cmapToken struct {
	hex   string
	array []string
}

func cmapTokens(s string) []cmapToken {
	var out []cmapToken
	var arr []string
	inArr := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return out
			}
			b, _ := hex.DecodeString(strings.Join(strings.Fields(s[i+1:i+j]), ""))
			i += j
			if inArr {
				arr = append(arr, string(b))
			} else {
				out = append(out, cmapToken{hex: string(b)})
			}
		case '[':
			inArr, arr = true, []string{}
		case ']':
			if inArr {
				out = append(out, cmapToken{array: arr})
			}
			inArr = false
		}
	}
	return out
}

func (m *cmap) decode(raw string) string {
	if m == nil {
		return raw
	}
	var b strings.Builder
	for len(raw) > 0 {
		w := min(m.width, len(raw))
		code := raw[:w]
		raw = raw[w:]
		if s, ok := m.single[code]; ok {
			b.WriteString(s)
			continue
		}
		done := false
		for _, r := range m.ranges {
			if len(code) != len(r.lo) || code < r.lo || code > r.hi {
				continue
			}
			off := int(code[len(code)-1]) - int(r.lo[len(r.lo)-1])
			if len(code) == 2 {
				off = (int(code[0])<<8 | int(code[1])) - (int(r.lo[0])<<8 | int(r.lo[1]))
			}
			switch {
			case r.inc:
				d := []byte(r.dst[0])
				if len(d) >= 2 {
					v := int(d[len(d)-2])<<8 | int(d[len(d)-1]) + off
					d[len(d)-2], d[len(d)-1] = byte(v>>8), byte(v)
				}
				b.WriteString(utf16be(string(d)))
			case off < len(r.dst):
				b.WriteString(utf16be(r.dst[off]))
			}
			done = true
			break
		}
		if !done && m.width == 1 {
			b.WriteString(code) // no map: take the byte as Latin text
		}
	}
	return b.String()
}

func utf16be(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
