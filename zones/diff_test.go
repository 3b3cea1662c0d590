package zones

import (
	"reflect"
	"testing"

	"github.com/tradepolicy/cbec"
)

// TestEqualZones checks that equalZones tells apart two zones that differ
// in any one field, a field of the source included: a field added to Zone
// or cbec.Source and not compared fails here.
func TestEqualZones(t *testing.T) {
	var a Zone
	for z := range Default().All() {
		if len(z.Source.ReadAt) > 0 && z.Note != "" && z.Period.From.IsValid() {
			a = z
			break
		}
	}
	if !equalZones(&a, &a) {
		t.Fatal("a zone differs from itself")
	}
	fields := 0
	var vary func(path string, v reflect.Value, set func(string, reflect.Value))
	vary = func(path string, v reflect.Value, set func(string, reflect.Value)) {
		if v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[cbec.Date]() {
			for i := range v.NumField() {
				if !v.Type().Field(i).IsExported() {
					t.Fatalf("%s.%s: an unexported field: compare it in equalZones and teach the test to vary it", path, v.Type().Field(i).Name)
				}
				vary(path+"."+v.Type().Field(i).Name, v.Field(i), func(p string, x reflect.Value) {
					c := reflect.New(v.Type()).Elem()
					c.Set(v)
					c.Field(i).Set(x)
					set(p, c)
				})
			}
			return
		}
		var x reflect.Value
		switch v.Type() {
		case reflect.TypeFor[cbec.Date]():
			x = reflect.ValueOf(cbec.MakeDate(1999, 9, 9))
		default:
			switch v.Kind() {
			case reflect.String:
				x = reflect.ValueOf(v.String() + "x").Convert(v.Type())
			case reflect.Bool:
				x = reflect.ValueOf(!v.Bool())
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				x = reflect.New(v.Type()).Elem()
				x.SetInt(v.Int() + 1)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				x = reflect.New(v.Type()).Elem()
				x.SetUint(v.Uint() + 1)
			case reflect.Slice:
				x = reflect.Append(v, reflect.Zero(v.Type().Elem()))
			default:
				t.Fatalf("%s: a field of kind %v: teach the test to vary it", path, v.Kind())
			}
		}
		fields++
		set(path, x)
	}
	vary("Zone", reflect.ValueOf(a), func(path string, x reflect.Value) {
		b := x.Interface().(Zone)
		if equalZones(&a, &b) || reflect.DeepEqual(a, b) {
			t.Errorf("%s changed: equalZones still reports the zones equal", path)
		}
	})
	if fields < 20 {
		t.Errorf("only %d fields varied", fields)
	}
}
