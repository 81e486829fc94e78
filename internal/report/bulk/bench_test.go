package bulk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

var (
	benchWords = []string{"Institute", "University", "Academy", "Laboratory", "Centre", "College", "Research", "Technology",
		"Applied", "Physics", "National", "Northern", "Eastern", "Marine", "Energy", "Materials"}
	benchPlaces = []string{"Harbin", "Lyon", "Porto", "Kraków", "Tartu", "Leeds", "Bergen", "Graz", "Lund", "Turku", "Bari", "Cork"}
)

func benchName(i int) string {
	return fmt.Sprintf("%s %s of %s %d", benchWords[i%len(benchWords)], benchWords[(i/3)%len(benchWords)],
		benchPlaces[(i/7)%len(benchPlaces)], i%97)
}

func benchCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("Ref,Affiliation,Country\n")
	for i := range n {
		fmt.Fprintf(&b, "R%d,%s,XX\n", i, benchName(i))
	}
	return []byte(b.String())
}

func benchXLSX(b *testing.B, n int) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Ref", "Affiliation", "Country"})
	for i := range n {
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(ref, []any{fmt.Sprintf("R%d", i), benchName(i), "XX"})
	}
	sw.Flush()
	var buf bytes.Buffer
	f.WriteTo(&buf)
	return buf.Bytes()
}

// realScreen screens against an index of 2,000 synthetic organisations,
// so the benchmark includes the match engine as the web upload uses it.
func realScreen() ScreenFunc {
	bld := match.NewBuilder()
	for i := range 2000 {
		e := watchlist.Entity{SourceID: fmt.Sprint(i), Kind: watchlist.KindOrganization,
			Names: []watchlist.Name{{Value: benchName(i * 13), Kind: watchlist.NamePrimary}}}
		bld.Add("bench", &e)
	}
	ix := bld.Build()
	return func(q string) (screening.Result, error) {
		ms, err := ix.Screen(q, match.Options{})
		return screening.Result{Query: q, Matches: ms}, err
	}
}

func bench(b *testing.B, in []byte, rows int, screen ScreenFunc) {
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Process(context.Background(), bytes.NewReader(in), io.Discard, screen, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func instant(q string) (screening.Result, error) {
	return screening.Result{Query: q, Matches: []match.Match{{List: "l", Name: q, Score: 0.5}}}, nil
}

// BenchmarkCSVOverhead measures reading, classifying and writing a CSV
// of 10,000 rows with a screen that costs nothing.
func BenchmarkCSVOverhead(b *testing.B) { bench(b, benchCSV(10_000), 10_000, instant) }

// BenchmarkXLSXOverhead is BenchmarkCSVOverhead for an XLSX workbook.
func BenchmarkXLSXOverhead(b *testing.B) { bench(b, benchXLSX(b, 10_000), 10_000, instant) }

// BenchmarkCSVScreen screens 10,000 rows against a real index.
func BenchmarkCSVScreen(b *testing.B) { bench(b, benchCSV(10_000), 10_000, realScreen()) }
