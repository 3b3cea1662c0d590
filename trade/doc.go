// Package trade holds the customs side of China's cross-border e-commerce
// (CBEC): the customs supervision modes (监管方式) under which CBEC goods are
// declared, the retail-import limits, the retail-import tax, and the import
// VAT rates the tax needs.
//
// # Modes
//
// [Mode] names a customs supervision mode: [DirectImport] (9610, 直购进口),
// [BondedImport] (1210, 网购保税进口), [BondedImportA] (1239), and the export
// modes [DirectExport] (9610), [BondedExport] (1210), [B2BDirectExport] (9710)
// and [OverseasWarehouseExport] (9810). Each mode knows its code, direction,
// names, and the customs announcement that created it ([Mode.Source],
// [Mode.Introduced]). [ParseMode] reads a code, a constant name or a Chinese
// name. Code, String and ParseMode do not allocate on success.
//
// # Limits and tax
//
// [LimitsOn] gives the per-transaction and annual per-person limits in force on
// a day (财关税〔2016〕18号 from 2016-04-08; 财关税〔2018〕49号 from 2019-01-01).
// [Assess] decides how a retail-import order is treated and taxed: within the
// limits, tariff 0 and import VAT and consumption tax at 70% of the statutory
// amounts; a single indivisible item over the per-transaction limit (from
// 2019) clears as a retail import paying full tax; anything else is general
// trade. [StandardVATRate] and [LowerVATRate] give the VAT rate bands on a day.
// Each item of an order names its VAT band ([Item.VATBand], taxed at the
// band's rate on the order's date) or an explicit [Item.VATRate]; an item
// with neither is an error ([ErrNoVATRate]), never a 0% VAT. Where tariff is
// due in full, each item gives its [Item.TariffRate] (an explicit 0 for goods
// free of duty); an item without one is an error there ([ErrNoTariffRate]),
// never a 0% tariff.
//
// Every exported type has a JSON form: snake_case keys, enums as text
// ("retail_import", "import", "standard", "1210"), money as decimal strings
// with exactly two decimals ("425.00", "0.00"), rates as decimal strings as
// they are ("0.13"), dates as YYYY-MM-DD. Any decimal string is read back.
//
// Money and rates are [decimal.Decimal] values in yuan and fractions (0.13 for
// 13%); no binary floating point is used anywhere in this package. Every tax
// amount is rounded to the fen (0.01 yuan), half up: see [Assess] for the rule
// and its source, and for what could not be confirmed.
//
// # Data
//
// The facts live in trade/data/*.tsv, one row per fact with its source
// document and URL (columns in trade/data/README.md), and are compiled into
// tables.go by `go generate ./trade`. Lookups are table reads: no I/O, safe for
// concurrent use.
package trade

//go:generate go run gen.go
