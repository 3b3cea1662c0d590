package cbec

// A Source is a citation: the public document a fact or rule rests on, and
// where it was read.
type Source struct {
	Doc       string `json:"doc"`                // document number, e.g. 商财发〔2018〕486号
	Title     string `json:"title,omitempty"`    // title, in Chinese as issued
	Issuer    string `json:"issuer,omitempty"`   // issuing bodies, e.g. 商务部等六部门
	Issued    Date   `json:"issued,omitzero"`    // day of issue, if known
	Effective Date   `json:"effective,omitzero"` // day it took effect, if known
	URL       string `json:"url,omitempty"`      // where the text (or a faithful repost) was read
}

// String returns the document number, followed by the issue day when known:
// "商财发〔2018〕486号 (2018-11-28)".
func (s Source) String() string {
	if !s.Issued.IsValid() {
		return s.Doc
	}
	return s.Doc + " (" + s.Issued.String() + ")"
}
