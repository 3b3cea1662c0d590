package trade

import (
	"encoding/json"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

// The JSON forms of the types that hold money. Each MarshalJSON writes the
// type's fields in their order, under their tags, with every money amount as
// a [money]; rates stay decimal.Decimal. Unmarshaling needs nothing of its
// own: a decimal.Decimal field reads "425.00" as 425. TestJSONFields checks
// that these lists keep up with the types.

// money is a money amount in JSON: a decimal string with exactly two
// decimals, "425.00", "0.00" (unquoted, 425.00, while
// decimal.MarshalJSONWithoutQuotes is set, as for a decimal.Decimal). An
// amount that is not a whole number of fen, which [Assess] refuses, is
// written in full rather than rounded, so that marshaling never changes a
// value.
type money decimal.Decimal

// MarshalJSON implements [json.Marshaler].
func (m money) MarshalJSON() ([]byte, error) {
	d := decimal.Decimal(m)
	var s string
	if checkScale(d) && d.Equal(d.Truncate(2)) {
		s = d.StringFixed(2)
	} else {
		s = d.String()
	}
	if decimal.MarshalJSONWithoutQuotes {
		return []byte(s), nil
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// MarshalJSON implements [json.Marshaler]: the fields under their tags, the
// value with two decimals ("425.00"), tariff_rate left out when TariffRate is
// nil and vat_rate left out when VATRate is not set (see [Item.HasVATRate]).
func (it Item) MarshalJSON() ([]byte, error) {
	v := struct {
		Name               string           `json:"name"`
		Value              money            `json:"value"`
		Quantity           int              `json:"quantity,omitzero"`
		TariffRate         *decimal.Decimal `json:"tariff_rate,omitempty"`
		VATRate            *decimal.Decimal `json:"vat_rate,omitempty"`
		VATBand            VATBand          `json:"vat_band,omitzero"`
		ConsumptionTaxRate decimal.Decimal  `json:"consumption_tax_rate"`
		Indivisible        bool             `json:"indivisible,omitzero"`
	}{
		Name:               it.Name,
		Value:              money(it.Value),
		Quantity:           it.Quantity,
		TariffRate:         it.TariffRate,
		VATBand:            it.VATBand,
		ConsumptionTaxRate: it.ConsumptionTaxRate,
		Indivisible:        it.Indivisible,
	}
	if it.HasVATRate() {
		v.VATRate = &it.VATRate
	}
	return json.Marshal(v)
}

// MarshalJSON implements [json.Marshaler]: the fields under their tags,
// spent_this_year with two decimals ("3000.00").
func (o Order) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Date          cbec.Date `json:"date"`
		Items         []Item    `json:"items"`
		SpentThisYear money     `json:"spent_this_year"`
	}{o.Date, o.Items, money(o.SpentThisYear)})
}

// MarshalJSON implements [json.Marshaler]: the fields under their tags, the
// amounts with two decimals ("45.50"), the rate as it is ("0.13").
func (t ItemTax) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name           string          `json:"name"`
		Value          money           `json:"value"`
		Tariff         money           `json:"tariff"`
		ConsumptionTax money           `json:"consumption_tax"`
		VAT            money           `json:"vat"`
		Total          money           `json:"total"`
		VATRate        decimal.Decimal `json:"vat_rate"`
	}{t.Name, money(t.Value), money(t.Tariff), money(t.ConsumptionTax), money(t.VAT), money(t.Total), t.VATRate})
}

// MarshalJSON implements [json.Marshaler]: the fields under their tags, the
// amounts with two decimals ("116.19").
func (a Assessment) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Channel        Channel       `json:"channel"`
		Reason         string        `json:"reason"`
		Value          money         `json:"value"`
		Items          []ItemTax     `json:"items"`
		Tariff         money         `json:"tariff"`
		ConsumptionTax money         `json:"consumption_tax"`
		VAT            money         `json:"vat"`
		Total          money         `json:"total"`
		Counted        money         `json:"counted"`
		SpentAfter     money         `json:"spent_after"`
		Limits         Limits        `json:"limits"`
		Sources        []cbec.Source `json:"sources"`
	}{
		a.Channel, a.Reason, money(a.Value), a.Items,
		money(a.Tariff), money(a.ConsumptionTax), money(a.VAT), money(a.Total),
		money(a.Counted), money(a.SpentAfter), a.Limits, a.Sources,
	})
}

// MarshalJSON implements [json.Marshaler]: the fields under their tags, the
// limits with two decimals ("5000.00").
func (l Limits) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		PerTransaction    money       `json:"per_transaction"`
		Annual            money       `json:"annual"`
		SingleItemFullTax bool        `json:"single_item_full_tax"`
		Period            cbec.Period `json:"period"`
		Source            cbec.Source `json:"source"`
		Verified          bool        `json:"verified"`
	}{money(l.PerTransaction), money(l.Annual), l.SingleItemFullTax, l.Period, l.Source, l.Verified})
}
