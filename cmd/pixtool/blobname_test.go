package main

import "testing"

func TestIsBlobURL(t *testing.T) {
	for name, want := range map[string]bool{
		"s3://b/k": true, "gs://b/k": true, "azblob://b/k": true, "mem://b/k": true,
		"file:///tmp/x": false, "/tmp/x": false, "x.png": false, "http://h/x": false,
	} {
		if got := isBlobURL(name); got != want {
			t.Errorf("isBlobURL(%q) = %v", name, got)
		}
	}
}

func TestRelativeKey(t *testing.T) {
	q := "?region=us-east-1"
	for _, tc := range [][3]string{
		{"s3://b/in/" + q, "s3://b/in/a/x.png" + q, "a/x.png"},
		{"s3://b/in" + q, "s3://b/in/x.png" + q, "x.png"},
		{"s3://b/" + q, "s3://b/in/x.png" + q, "in/x.png"},
		{"mem://b/p", "mem://b/p/q/r", "q/r"},
	} {
		if got := relativeKey(tc[0], tc[1]); got != tc[2] {
			t.Errorf("relativeKey(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
