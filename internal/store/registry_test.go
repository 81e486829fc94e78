package store

import (
	"errors"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
)

func TestRegistryImportValidate(t *testing.T) {
	orgs := func(func(registry.Org) error) (rordump.Info, error) { return rordump.Info{}, nil }
	tests := []struct {
		name    string
		in      RegistryImport
		wantErr string
	}{
		{"valid", RegistryImport{Source: "ror.zip", ContentHash: "h", Orgs: orgs}, ""},
		{"valid without a hash", RegistryImport{Source: "ror.zip", Orgs: orgs}, ""},
		{"no Orgs", RegistryImport{Source: "ror.zip"}, `from "ror.zip": no organisations to read`},
		{"bad source", RegistryImport{Source: "r\xffr.zip", Orgs: orgs}, "source is not valid UTF-8"},
		{"NUL in hash", RegistryImport{ContentHash: "a\x00", Orgs: orgs}, "content hash contains a NUL"},
	}
	for _, tc := range tests {
		err := tc.in.Validate()
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: err %v, want ErrInvalid saying %q", tc.name, err, tc.wantErr)
		}
	}
}

// listOnly is a Store that keeps no registry.
type listOnly struct{ Store }

func TestRegistryOf(t *testing.T) {
	if _, err := RegistryOf(listOnly{}); err == nil || !strings.Contains(err.Error(), "does not keep an organisation registry") {
		t.Errorf("RegistryOf(a list-only store) = %v", err)
	}
}
