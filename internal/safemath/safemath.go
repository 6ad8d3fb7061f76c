// Package safemath does the size arithmetic that comes from callers and
// files without wrapping around: every result reports whether it overflowed.
package safemath

import "math"

// Mul returns a*b and whether it fits in an int.
func Mul(a, b int) (int, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if (a == -1 && b == math.MinInt) || (b == -1 && a == math.MinInt) || c/b != a {
		return 0, false
	}
	return c, true
}

// Add returns a+b and whether it fits in an int.
func Add(a, b int) (int, bool) {
	c := a + b
	if (a > 0 && b > 0 && c < 0) || (a < 0 && b < 0 && c >= 0) {
		return 0, false
	}
	return c, true
}

// Mul3 returns a*b*c for non-negative a, b, c and whether it fits in an int.
// A negative argument reports false.
func Mul3(a, b, c int) (int, bool) {
	if a < 0 || b < 0 || c < 0 {
		return 0, false
	}
	ab, ok := Mul(a, b)
	if !ok {
		return 0, false
	}
	return Mul(ab, c)
}

// Mul4 returns a*b*c*d for non-negative arguments and whether it fits in an int.
func Mul4(a, b, c, d int) (int, bool) {
	abc, ok := Mul3(a, b, c)
	if !ok || d < 0 {
		return 0, false
	}
	return Mul(abc, d)
}
