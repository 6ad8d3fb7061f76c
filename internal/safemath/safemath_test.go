package safemath

import (
	"math"
	"strconv"
	"testing"
)

// half is the square root of the int range: half*half overflows an int on
// every word size, while half itself fits.
const half = 1 << (strconv.IntSize / 2)

func TestMul(t *testing.T) {
	tests := []struct {
		a, b, want int
		ok         bool
	}{
		{0, math.MaxInt, 0, true},
		{3, 4, 12, true},
		{-3, 4, -12, true},
		{math.MaxInt, 2, 0, false},
		{math.MinInt, -1, 0, false},
		{-1, math.MinInt, 0, false},
		{half / 2, half / 2, half * half / 4, true},
		{half, half, 0, false},
	}
	for _, tt := range tests {
		got, ok := Mul(tt.a, tt.b)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Mul(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		a, b, want int
		ok         bool
	}{
		{1, 2, 3, true},
		{math.MaxInt, 1, 0, false},
		{math.MinInt, -1, 0, false},
		{math.MinInt, math.MaxInt, -1, true},
	}
	for _, tt := range tests {
		got, ok := Add(tt.a, tt.b)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Add(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMul3Mul4(t *testing.T) {
	if n, ok := Mul3(4000, 3000, 3); !ok || n != 36e6 {
		t.Errorf("Mul3(4000, 3000, 3) = %d, %v", n, ok)
	}
	if _, ok := Mul3(-1, 2, 3); ok {
		t.Error("Mul3 accepted a negative size")
	}
	if _, ok := Mul3(half, half/2, 4); ok {
		t.Error("Mul3 did not report overflow")
	}
	if n, ok := Mul4(100, 100, 4, 2); !ok || n != 80000 {
		t.Errorf("Mul4 = %d, %v", n, ok)
	}
	if _, ok := Mul4(1<<21, 1<<21, 1<<20, 2); ok {
		t.Error("Mul4 did not report overflow")
	}
}
