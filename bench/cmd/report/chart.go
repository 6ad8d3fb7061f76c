package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dotSeries is one implementation's points in a dot plot: a value per
// category, NaN where it was not measured.
type dotSeries struct {
	name   string
	values []float64
	color  color.Color
	shape  draw.GlyphDrawer
}

// refLine is a vertical reference line across a dot plot.
type refLine struct {
	name  string
	x     float64
	color color.Color
}

var (
	colPixview  = color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	colPixview2 = color.RGBA{0x17, 0xbe, 0xcf, 0xff}
	colImaging  = color.RGBA{0xd6, 0x27, 0x28, 0xff}
	colNaive    = color.RGBA{0x94, 0x67, 0xbd, 0xff}
	colStdlib   = color.RGBA{0xff, 0x7f, 0x0e, 0xff}
	colFloor    = color.RGBA{0x2c, 0xa0, 0x2c, 0xff}
	colCopy     = color.RGBA{0x7f, 0x7f, 0x7f, 0xff}
	colScalar   = color.RGBA{0x98, 0xdf, 0x8a, 0xff}
)

// chart draws results.png: up to three dot plots on log axes, one above the
// other — pixels moved at the main size as multiples of the floor, views
// against SubImage and copies across sizes, and whole commands.
func (r report) chart(path string) error {
	var plots []*plot.Plot
	for _, mk := range []func() (*plot.Plot, error){r.opsPanel, r.viewPanel, r.commandPanel} {
		p, err := mk()
		if err != nil {
			return err
		}
		if p != nil {
			plots = append(plots, p)
		}
	}
	if len(plots) == 0 {
		return nil
	}
	const width = 9 * vg.Inch
	height := vg.Length(0)
	heights := make([]vg.Length, len(plots))
	for i, p := range plots {
		heights[i] = vg.Length(len(p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)))*0.28*vg.Inch + 1.6*vg.Inch
		height += heights[i]
	}
	img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(110))
	dc := draw.New(img)
	top := height
	for i, p := range plots {
		p.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: 0, Y: top - heights[i]},
			Max: vg.Point{X: width, Y: top},
		}})
		top -= heights[i]
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// opsPanel plots, for each op that moves pixels at the main size, the time
// of pixview (one and two goroutines), imaging and the naive loop as a
// multiple of the in-place floor, with the floor and copy() as lines.
func (r report) opsPanel() (*plot.Plot, error) {
	res, size := r.in.res, r.in.size
	group := "Ops"
	impls := []struct {
		impl, label string
		c           color.Color
		shape       draw.GlyphDrawer
	}{
		{"pixview-w1", "pixview ops, 1 goroutine", colPixview, draw.CircleGlyph{}},
		{"pixview-w2", "pixview ops, 2 goroutines", colPixview2, draw.RingGlyph{}},
		{"imaging", "imaging (allocates)", colImaging, draw.SquareGlyph{}},
		{"naive", "naive per-pixel loop", colNaive, draw.TriangleGlyph{}},
	}
	var ops []string
	for _, row := range res.rows {
		if row.group == group && row.size == size && row.op != "ref" && row.xFloor > 0 {
			if !contains(ops, row.op) {
				ops = append(ops, row.op)
			}
		}
	}
	if len(ops) == 0 {
		// Before package ops exists: the Imaging group's copies.
		group = "Imaging"
		impls[0].impl, impls[0].label = "view-copy", "pixview view + CopyFrom"
		impls = impls[:3]
		impls[1].impl, impls[1].label = "view-clone", "pixview view + Clone (allocates)"
		for _, row := range res.rows {
			if row.group == group && row.size == size && row.op != "ref" && row.xFloor > 0 && !contains(ops, row.op) {
				ops = append(ops, row.op)
			}
		}
	}
	if len(ops) == 0 {
		return nil, nil
	}
	var series []dotSeries
	for _, im := range impls {
		s := dotSeries{name: im.label, color: im.c, shape: im.shape}
		any := false
		for _, op := range ops {
			v := math.NaN()
			if row, ok := res.get(key(group, size, op, im.impl)); ok && row.xFloor > 0 {
				v, any = row.xFloor, true
			}
			s.values = append(s.values, v)
		}
		if any {
			series = append(series, s)
		}
	}
	refs := []refLine{{"in-place floor (1x)", 1, colFloor}}
	if c, ok := res.get(key(group, size, "ref", "copy")); ok && c.xFloor > 0 {
		refs = append(refs, refLine{fmt.Sprintf("copy() of the same bytes (%.1fx)", c.xFloor), c.xFloor, colCopy})
	}
	if fs, ok := res.get(key(group, size, "ref", "floor-scalar")); ok && fs.xFloor > 0 {
		refs = append(refs, refLine{fmt.Sprintf("scalar floor, the older reference (%.2fx)", fs.xFloor), fs.xFloor, colScalar})
	}
	if f2, ok := res.get(key(group, size, "ref", "floor-w2")); ok && f2.xFloor > 0 {
		refs = append(refs, refLine{fmt.Sprintf("floor, 2 goroutines (%.2fx)", f2.xFloor), f2.xFloor, colPixview2})
	}
	title := fmt.Sprintf("Moving pixels (%s %s): time as a multiple of the vector in-place read-modify-write floor — lower is better", group, size)
	return dotPlot(title, "time ÷ floor (log scale)", ops, series, refs)
}

// viewPanel plots view methods against SubImage and their cloned copies,
// time per call in nanoseconds, at every size of the View group.
func (r report) viewPanel() (*plot.Plot, error) {
	res := r.in.res
	var sizes []string
	for _, row := range res.rows {
		if row.group == "View" && !contains(sizes, row.size) {
			sizes = append(sizes, row.size)
		}
	}
	if len(sizes) == 0 {
		return nil, nil
	}
	var cats []string
	view := dotSeries{name: "pixview view (0 allocs)", color: colPixview, shape: draw.CircleGlyph{}}
	sub := dotSeries{name: "image.RGBA.SubImage (1 alloc)", color: colStdlib, shape: draw.PyramidGlyph{}}
	clone := dotSeries{name: "copy of the same region (Clone)", color: colCopy, shape: draw.SquareGlyph{}}
	for _, op := range []string{"Crop", "Row", "Channel", "FlipH", "Transpose"} {
		for _, s := range sizes {
			cats = append(cats, op+" "+s)
			view.values = append(view.values, nsOf(res, key("View", s, op, "view")))
			sub.values = append(sub.values, nsOf(res, key("View", s, "SubImage", "stdlib")))
			clone.values = append(clone.values, nsOf(res, key("View", s, op, "clone")))
		}
	}
	return dotPlot("Views cost the same at every size; copies grow with the image: time per call — lower is better",
		"ns per call (log scale)", cats, []dotSeries{view, sub, clone}, nil)
}

// commandPanel plots each whole command's time over its task's reference
// (the task's first row that ran), the median of the per-round ratios, one row per
// task and tool that ran beside a reference that ran.
func (r report) commandPanel() (*plot.Plot, error) {
	var cats []string
	s := dotSeries{name: "pixtool", color: colPixview, shape: draw.CircleGlyph{}}
	other := dotSeries{name: "another tool or cp", color: colImaging, shape: draw.SquareGlyph{}}
	first := map[string]cmdRow{}
	for _, c := range r.in.cmds {
		if c.status != statusOK {
			continue
		}
		if _, ok := first[c.task]; !ok {
			first[c.task] = c // the table's "× first" too is to the first row that ran
			continue
		}
		x, ok := over(c, first[c.task])
		if !ok {
			continue
		}
		cats = append(cats, fmt.Sprintf("%s: %s ÷ %s", c.task, c.tool, first[c.task].tool))
		if strings.HasPrefix(c.tool, "pixtool") {
			s.values = append(s.values, x.med)
			other.values = append(other.values, math.NaN())
		} else {
			s.values = append(s.values, math.NaN())
			other.values = append(other.values, x.med)
		}
	}
	if len(cats) == 0 {
		return nil, nil
	}
	return dotPlot("Whole commands: time over the task's reference (its first command), median of the rounds — lower is better",
		"time ÷ reference (log scale)", cats, []dotSeries{s, other}, []refLine{{"the reference (1x)", 1, colFloor}})
}

// nsOf returns a row's time, or NaN when it did not run.
func nsOf(res *results, name string) float64 {
	if row, ok := res.get(name); ok && row.ns > 0 {
		return row.ns
	}
	return math.NaN()
}

// dotPlot draws a Cleveland dot plot: categories down the Y axis (first at
// the top), a log-scaled X axis, one glyph series per implementation with a
// thin line from the axis to each point, and vertical reference lines.
func dotPlot(title, xlabel string, cats []string, series []dotSeries, refs []refLine) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.X.Label.Text = xlabel
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Add(plotter.NewGrid())

	n := len(cats)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s.values {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	for _, rl := range refs {
		lo, hi = math.Min(lo, rl.x), math.Max(hi, rl.x)
	}
	if math.IsInf(lo, 0) {
		return nil, nil
	}
	lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	if hi <= lo {
		hi = lo * 10
	}
	// Two more decades on the right keep the legend clear of the points.
	hi *= 100
	for _, rl := range refs {
		l, err := plotter.NewLine(plotter.XYs{{X: rl.x, Y: -0.6}, {X: rl.x, Y: float64(n) - 0.4}})
		if err != nil {
			return nil, err
		}
		l.Color = rl.color
		l.Width = vg.Points(1.5)
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(rl.name, l)
	}
	for si, s := range series {
		off := 0.0
		if len(series) > 1 {
			off = 0.5 * (float64(si)/float64(len(series)-1) - 0.5)
		}
		var pts plotter.XYs
		for i, v := range s.values {
			if v > 0 && !math.IsNaN(v) {
				// Category 0 is drawn at the top.
				pts = append(pts, plotter.XY{X: v, Y: float64(n-1-i) - off})
			}
		}
		if len(pts) == 0 {
			continue
		}
		for _, pt := range pts {
			stem, err := plotter.NewLine(plotter.XYs{{X: lo, Y: pt.Y}, {X: pt.X, Y: pt.Y}})
			if err != nil {
				return nil, err
			}
			stem.Color = fade(s.color)
			stem.Width = vg.Points(2)
			p.Add(stem)
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = s.color
		sc.GlyphStyle.Shape = s.shape
		sc.GlyphStyle.Radius = vg.Points(4)
		p.Add(sc)
		p.Legend.Add(s.name, sc)
	}
	names := make([]string, n)
	for i, c := range cats {
		names[n-1-i] = c
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = lo, hi
	return p, nil
}

// fade returns c at a third of its opacity, for the stems of a dot plot.
func fade(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x55}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
