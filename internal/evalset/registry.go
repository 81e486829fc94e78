package evalset

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// rorRecord is the part of a ROR v2 record the generators use.
type rorRecord struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Names  []struct {
		Value string   `json:"value"`
		Types []string `json:"types"`
		Lang  *string  `json:"lang"`
	} `json:"names"`
	Locations []struct {
		Geo struct {
			CountryCode string `json:"country_code"`
			Name        string `json:"name"`
		} `json:"geonames_details"`
	} `json:"locations"`
	Relationships []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"relationships"`
}

// LoadRegistry streams a ROR v2 data dump, either the published zip (which
// holds one "..._schema_v2.json" file) or that JSON file itself, and
// returns the organisations in the given country (ISO alpha-2, any case;
// empty for all). Records are decoded one at a time, so the full dump does
// not have to fit in memory as a tree. Parents come from both a record's
// own "parent" relationships and other records' "child" relationships.
func LoadRegistry(zipOrJSONPath string, country string) ([]RegistryOrg, error) {
	country = strings.ToLower(strings.TrimSpace(country))
	var (
		r    io.Reader
		name = zipOrJSONPath
	)
	if strings.HasSuffix(strings.ToLower(zipOrJSONPath), ".zip") {
		zr, err := zip.OpenReader(zipOrJSONPath)
		if err != nil {
			return nil, fmt.Errorf("open registry %s: %w", zipOrJSONPath, err)
		}
		defer zr.Close()
		var jf *zip.File
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, ".json") && (jf == nil || strings.Contains(f.Name, "schema_v2")) {
				jf = f
			}
		}
		if jf == nil {
			return nil, fmt.Errorf("open registry %s: no .json file in the zip", zipOrJSONPath)
		}
		rc, err := jf.Open()
		if err != nil {
			return nil, fmt.Errorf("open registry %s member %s: %w", zipOrJSONPath, jf.Name, err)
		}
		defer rc.Close()
		r, name = rc, zipOrJSONPath+":"+jf.Name
	} else {
		f, err := os.Open(zipOrJSONPath)
		if err != nil {
			return nil, fmt.Errorf("open registry: %w", err)
		}
		defer f.Close()
		r = f
	}
	return readRegistry(r, name, country)
}

// readRegistry decodes the JSON array record by record.
func readRegistry(r io.Reader, name, country string) ([]RegistryOrg, error) {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("read registry %s: %w", name, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("read registry %s: want a JSON array of records, got %v", name, tok)
	}
	var out []RegistryOrg
	childOf := map[string][]string{} // child id -> parents named by "child" links
	for n := 1; dec.More(); n++ {
		var rec rorRecord
		if err := dec.Decode(&rec); err != nil {
			return nil, fmt.Errorf("read registry %s record %d: %w", name, n, err)
		}
		if rec.ID == "" {
			return nil, fmt.Errorf("read registry %s record %d: no id", name, n)
		}
		for _, rel := range rec.Relationships {
			if strings.EqualFold(rel.Type, "child") && rel.ID != "" {
				childOf[rel.ID] = append(childOf[rel.ID], rec.ID)
			}
		}
		org := RegistryOrg{ID: rec.ID, Status: rec.Status}
		if len(rec.Locations) > 0 {
			org.Country = strings.ToLower(rec.Locations[0].Geo.CountryCode)
			org.City = rec.Locations[0].Geo.Name
		}
		if country != "" && org.Country != country {
			continue
		}
		for _, nm := range rec.Names {
			for _, t := range nm.Types {
				if t == "ror_display" {
					org.Names = addName(org.Names, nm.Value)
				}
			}
		}
		for _, nm := range rec.Names {
			org.Names = addName(org.Names, nm.Value)
		}
		if len(org.Names) == 0 {
			return nil, fmt.Errorf("read registry %s record %d (%s): no names", name, n, rec.ID)
		}
		for _, rel := range rec.Relationships {
			if strings.EqualFold(rel.Type, "parent") && rel.ID != "" {
				org.Parents = addName(org.Parents, rel.ID)
			}
		}
		out = append(out, org)
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read registry %s: after last record: %w", name, err)
	}
	for i := range out {
		for _, p := range childOf[out[i].ID] {
			out[i].Parents = addName(out[i].Parents, p)
		}
	}
	return out, nil
}
