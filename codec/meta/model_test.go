package meta

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// diffModels says how two models differ, field by field, with nil and
// empty byte slices taken as equal; "" when they do not.
func diffModels(a, b *Metadata) string {
	var d []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		name := va.Type().Field(i).Name
		fa, fb := va.Field(i).Interface(), vb.Field(i).Interface()
		if x, ok := fa.([]byte); ok {
			if !bytes.Equal(x, fb.([]byte)) {
				d = append(d, fmt.Sprintf("%s: %d bytes -> %d bytes", name, len(x), len(fb.([]byte))))
			}
			continue
		}
		if va.Field(i).Kind() == reflect.Slice && va.Field(i).Len() == 0 && vb.Field(i).Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(fa, fb) {
			d = append(d, fmt.Sprintf("%s: %s -> %s", name, show(va.Field(i)), show(vb.Field(i))))
		}
	}
	return strings.Join(d, "; ")
}

func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return fmt.Sprintf("&%+v", v.Elem().Interface())
	}
	return fmt.Sprintf("%+v", v.Interface())
}
