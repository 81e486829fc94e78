package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/techarea"
)

func init() { commandBuilders = append(commandBuilders, newClassifyCmd) }

// classifyMaxLine bounds one input line of classify. It is larger than
// techarea.MaxInputBytes so that a 10 MB abstract is read and classified
// (truncated, with a warning) rather than refused; longer lines are consumed
// without being kept and answered with an error object.
const classifyMaxLine = 16 << 20

// classifyInput is one input line of `classify`.
type classifyInput struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
}

// classifyOutput is one output line of `classify --json`: the issue 4
// contract shape (techarea.Output, shared with POST /api/v1/classify), plus
// line and error for lines that failed.
type classifyOutput struct {
	techarea.Output
	Line  int    `json:"line,omitempty"`
	Error string `json:"error,omitempty"`
}

func newClassifyCmd(g *globals) *cobra.Command {
	var asJSON bool
	var taxonomyFile string
	c := &cobra.Command{
		Use:   "classify [TEXT...]",
		Short: "Recognise sensitive technology areas and opportunity fields in titles and abstracts",
		Long: `Classify reads JSON lines {"id": str, "title": str, "abstract": str} on stdin
(or classifies the arguments as one abstract) and reports the sensitive
technology areas and opportunity fields each text is about, with the phrases
that fired, and export-control and ATAS hints.

With --json it writes one JSON object per input line, in input order:
  {"id", "areas": [{"id", "score", "evidence": [...]}],
   "fields": [{"id", "score", "evidence": [...]}], "hints": [...]}
areas and fields list only labels assigned at the default threshold. Evidence
entries give the phrase, the taxonomy term, the field (title or abstract),
byte offsets and the weight it added. Hints are pointers to official lists,
never legal conclusions. Text longer than 1 MiB is truncated and the object
carries "warnings".

Blank input lines are skipped. A line that cannot be classified (not JSON,
not UTF-8, no text, longer than 16 MiB) gives an object with the same shape
plus "line" (its 1-based line number) and "error"; the other lines are still
classified, and the command then exits 1. Without --json it prints a readable
summary per line.

--taxonomy FILE merges an organisation's taxonomy override (same YAML shape
as the embedded taxonomy) into the default. An invalid file is rejected with
its line number and nothing is classified.`,
		RunE: func(c *cobra.Command, args []string) error {
			tax, err := techarea.Default()
			if err != nil {
				return fmt.Errorf("embedded taxonomy: %w", err)
			}
			if taxonomyFile != "" {
				f, err := os.Open(taxonomyFile)
				if err != nil {
					return fmt.Errorf("taxonomy: %w", err)
				}
				merged, err := tax.ReadOverride(taxonomyFile, f)
				f.Close()
				if err != nil {
					return fmt.Errorf("taxonomy rejected, nothing classified:\n%w", err)
				}
				tax = merged
			}
			clf, err := techarea.NewClassifier(tax)
			if err != nil {
				return err
			}
			var in io.Reader = g.stdin
			if len(args) > 0 {
				doc, _ := json.Marshal(classifyInput{Abstract: strings.Join(args, " ")})
				in = bytes.NewReader(append(doc, '\n'))
			}
			failed, first, err := classifyStream(in, g.stdout, clf, asJSON)
			if err != nil {
				return err
			}
			if failed > 0 {
				return fmt.Errorf("classify: %d input line(s) could not be classified, first at line %d", failed, first)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write one JSON object per input line")
	c.Flags().StringVar(&taxonomyFile, "taxonomy", "", "YAML file that extends or overrides the embedded taxonomy")
	return c
}

// classifyStream classifies every line of in and writes the results in
// order. It returns how many lines failed and the first such line number;
// err is set only when reading input or writing output fails.
func classifyStream(in io.Reader, out io.Writer, clf *techarea.Classifier, asJSON bool) (failed, first int, err error) {
	w := bufio.NewWriter(out)
	defer func() {
		if ferr := w.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write output: %w", ferr)
		}
	}()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	br := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, rerr := classifyReadLine(br)
		if rerr != nil && rerr != io.EOF {
			return failed, first, fmt.Errorf("read input line %d: %w", n, rerr)
		}
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			o := classifyLine(clf, line, tooLong, n)
			if o.Error != "" {
				failed++
				if first == 0 {
					first = n
				}
			}
			var werr error
			if asJSON {
				werr = enc.Encode(o)
			} else {
				werr = printClassification(w, o, clf.Taxonomy())
			}
			if werr != nil {
				return failed, first, fmt.Errorf("write output: %w", werr)
			}
		}
		if rerr == io.EOF {
			return failed, first, nil
		}
	}
}

// classifyLine decodes and classifies one input line (number n).
func classifyLine(clf *techarea.Classifier, line []byte, tooLong bool, n int) classifyOutput {
	o := classifyOutput{Output: techarea.EmptyOutput("")}
	fail := func(format string, args ...any) classifyOutput {
		o.Line = n
		o.Error = fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...)
		return o
	}
	if tooLong {
		return fail("longer than %d bytes", classifyMaxLine)
	}
	if !utf8.Valid(line) {
		return fail("not valid UTF-8 at byte %d", firstBadByte(line))
	}
	var doc classifyInput
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&doc); err != nil {
		return fail("not a JSON object {\"id\", \"title\", \"abstract\"}: %v", err)
	}
	o.ID = doc.ID
	if dec.More() {
		return fail("unexpected data after the JSON object")
	}
	res, err := clf.Classify(techarea.Document{ID: doc.ID, Title: doc.Title, Abstract: doc.Abstract})
	if err != nil {
		if errors.Is(err, techarea.ErrEmpty) {
			return fail("title and abstract are both empty")
		}
		return fail("%v", err)
	}
	o.Output = res.Output()
	return o
}

// firstBadByte returns the byte offset of the first invalid UTF-8 sequence
// in b, so the error can point at it.
func firstBadByte(b []byte) int {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return i
}

// classifyReadLine reads one line without its newline. A line longer than
// classifyMaxLine is consumed to its end and reported with tooLong.
func classifyReadLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > classifyMaxLine+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		return line, tooLong, err
	}
}

// printClassification writes the human-readable summary of one line.
func printClassification(w io.Writer, o classifyOutput, tax *techarea.Taxonomy) error {
	head := o.ID
	if head == "" {
		head = "(no id)"
	}
	fmt.Fprintln(w, head)
	if o.Error != "" {
		_, err := fmt.Fprintf(w, "  error: %s\n", o.Error)
		return err
	}
	for _, group := range []struct {
		name   string
		labels []techarea.OutputLabel
	}{{"sensitive areas", o.Areas}, {"opportunity fields", o.Fields}} {
		if len(group.labels) == 0 {
			fmt.Fprintf(w, "  %s: none\n", group.name)
			continue
		}
		fmt.Fprintf(w, "  %s:\n", group.name)
		for _, l := range group.labels {
			name := l.ID
			if a, ok := tax.Area(l.ID); ok {
				name = a.Name
			}
			fmt.Fprintf(w, "    %-24s %.2f  %s\n", l.ID, l.Score, name)
			fmt.Fprintf(w, "      because: %s\n", summariseEvidence(l.Evidence))
		}
	}
	for _, h := range o.Hints {
		switch h.Kind {
		case techarea.HintExportControl:
			fmt.Fprintf(w, "  check export control: %s\n", h.Title)
		case techarea.HintATAS:
			fmt.Fprintf(w, "  check ATAS (%s): %s\n", h.Code, strings.TrimPrefix(h.Title, "ATAS subject: "))
		}
	}
	if len(o.Hints) > 0 {
		fmt.Fprintln(w, "  (hints to check, not legal conclusions)")
	}
	for _, warn := range o.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	return nil
}

// summariseEvidence lists the distinct phrases that fired, strongest first,
// at most six.
func summariseEvidence(ev []techarea.Evidence) string {
	weight := map[string]float64{}
	var order []string
	for _, e := range ev {
		p := strings.ToLower(e.Phrase)
		if _, ok := weight[p]; !ok {
			order = append(order, p)
		}
		weight[p] += e.Weight
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && weight[order[j]] > weight[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	var parts []string
	for i, p := range order {
		if i == 6 {
			parts = append(parts, fmt.Sprintf("and %d more", len(order)-6))
			break
		}
		parts = append(parts, fmt.Sprintf("%q %+.1f", p, weight[p]))
	}
	return strings.Join(parts, ", ")
}
