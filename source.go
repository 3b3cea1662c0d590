package cbec

import "slices"

// A Source is a citation: the public document a fact or rule rests on, the
// official place it is published, and the pages it was read at.
//
// A Source holds a slice, so it is not comparable with ==: use
// [Source.Equal]. Sources returned by this module share ReadAt with the
// embedded tables: read it, do not modify it (copy first).
type Source struct {
	Doc       string `json:"doc"`                // document number, e.g. 商财发〔2018〕486号
	Title     string `json:"title,omitempty"`    // title, in Chinese as issued
	Issuer    string `json:"issuer,omitempty"`   // issuing bodies, e.g. 商务部等六部门
	Issued    Date   `json:"issued,omitzero"`    // day of issue, if known
	Effective Date   `json:"effective,omitzero"` // day it took effect, if known

	// URL is where the issuing body (or the government's policy library)
	// publishes the official text, when a source read names that address;
	// empty otherwise. It is never a guessed or constructed address.
	URL string `json:"url,omitempty"`
	// ReadAt lists the pages the facts were read at, best first: the
	// official text when one was read, then faithful reposts and secondary
	// reports.
	ReadAt []string `json:"read_at,omitempty"`
}

// String returns the document number, followed by the issue day when known:
// "商财发〔2018〕486号 (2018-11-28)".
func (s Source) String() string {
	if !s.Issued.IsValid() {
		return s.Doc
	}
	return s.Doc + " (" + s.Issued.String() + ")"
}

// Equal reports whether s and t cite the same document with the same
// details and the same pages, in the same order.
func (s Source) Equal(t Source) bool {
	return s.Doc == t.Doc && s.Title == t.Title && s.Issuer == t.Issuer &&
		s.Issued == t.Issued && s.Effective == t.Effective && s.URL == t.URL &&
		slices.Equal(s.ReadAt, t.ReadAt)
}
