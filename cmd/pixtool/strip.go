package main

import (
	"fmt"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/meta"
)

// metaFilter is the metadata a batch drops: nothing (the zero value), what
// identifies the picture, its place and its author (--strip: EXIF with
// GPS, XMP, IPTC, comments, text, the modification time), the ICC profile
// (--strip-icc), or both. What the pixels need to be shown right stays
// under --strip alone: the ICC profile, the PNG colour chunks (sRGB, gAMA,
// cHRM, cICP), the resolution, and JPEG's JFIF and Adobe segments.
type metaFilter struct{ all, icc bool }

// active reports whether f drops anything.
func (f metaFilter) active() bool { return f.all || f.icc }

// metaPart is one part of the metadata as a record names it, with how to
// tell whether a Metadata holds it.
type metaPart struct {
	item string
	has  func(m *meta.Metadata) bool
}

// strippedParts are the parts --strip drops, in the order records list
// them.
var strippedParts = []metaPart{
	{"EXIF", func(m *meta.Metadata) bool { return len(m.EXIF) > 0 }},
	{"XMP", func(m *meta.Metadata) bool { return len(m.XMP) > 0 || len(m.ExtendedXMP) > 0 }},
	{"IPTC", func(m *meta.Metadata) bool { return len(m.IPTC) > 0 }},
	{"comment", func(m *meta.Metadata) bool { return len(m.Comments) > 0 }},
	{"text", func(m *meta.Metadata) bool { return len(m.Text) > 0 }},
	{"modification time", func(m *meta.Metadata) bool { return m.ModTime != nil }},
}

// filter returns md without what f drops, a copy when it drops anything,
// and the changes that name each part dropped. A nil md stays nil; an md
// left with nothing is empty, not nil, so that an encoder does not fall
// back to a source's own tags (TIFF's).
func (f metaFilter) filter(md *meta.Metadata) (*meta.Metadata, []change) {
	if !f.active() || md == nil {
		return md, nil
	}
	out := md.Clone()
	var chs []change
	if f.all {
		for _, p := range strippedParts {
			if p.has(md) {
				chs = append(chs, change{Kind: codec.Dropped, Item: p.item, Detail: "--strip"})
			}
		}
		out.Strip()
	}
	if f.icc && len(out.ICC) > 0 {
		chs = append(chs, change{Kind: codec.Dropped, Item: "ICC", Detail: "--strip-icc"})
		out.ICC, out.ICCName = nil, ""
	}
	return out, chs
}

// profileForGray returns md without its ICC profile when the profile
// describes colour, for pixels turned to gray: a viewer would apply an RGB
// profile to gray samples.
func profileForGray(md *meta.Metadata) (*meta.Metadata, []change) {
	if md == nil || len(md.ICC) < 20 || string(md.ICC[16:20]) == "GRAY" {
		return md, nil
	}
	out := md.Clone()
	out.ICC, out.ICCName = nil, ""
	return out, []change{{Kind: codec.Dropped, Item: "ICC",
		Detail: fmt.Sprintf("a %q profile does not describe gray pixels", md.ICC[16:20])}}
}
