//go:build ignore

// Command icons draws the app's PNG icons from the same shapes as public/icon.svg — the blue
// square, the white shield, the blue tick — so that Android offers to install the app (its
// install prompt wants PNGs of 192 and 512 pixels, and a maskable one whose content stays in
// the middle 80% that every launcher's mask keeps). Run from frontend/:
//
//	go run scripts/icons.go
//
// It writes public/icon-192.png, public/icon-512.png and public/icon-maskable-512.png, which
// are committed; nothing is downloaded.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// The shapes of icon.svg, in its 512-unit square.
var (
	blue  = color.NRGBA{0x17, 0x68, 0xc4, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	// shield is M256 88 l136 52 v104 c0 92-58 160-136 188 c-78-28-136-96-136-188 V140z, flattened.
	shield = flatten()
	// tick is the polyline M200 262 l40 40 80-88, stroked 32 wide with round ends.
	tick = [][2]float64{{200, 262}, {240, 302}, {320, 214}}
)

type point = [2]float64

func cubic(p0, p1, p2, p3 point, steps int) []point {
	var out []point
	for i := 1; i <= steps; i++ {
		t := float64(i) / float64(steps)
		u := 1 - t
		out = append(out, point{
			u*u*u*p0[0] + 3*u*u*t*p1[0] + 3*u*t*t*p2[0] + t*t*t*p3[0],
			u*u*u*p0[1] + 3*u*u*t*p1[1] + 3*u*t*t*p2[1] + t*t*t*p3[1],
		})
	}
	return out
}

func flatten() []point {
	pts := []point{{256, 88}, {392, 140}, {392, 244}}
	pts = append(pts, cubic(point{392, 244}, point{392, 336}, point{334, 404}, point{256, 432}, 32)...)
	pts = append(pts, cubic(point{256, 432}, point{178, 404}, point{120, 336}, point{120, 244}, 32)...)
	return append(pts, point{120, 140})
}

// inside tells whether (x, y) is inside the polygon (even-odd rule).
func inside(poly []point, x, y float64) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// near tells whether (x, y) is within r of the polyline.
func near(line []point, x, y, r float64) bool {
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		t := math.Max(0, math.Min(1, ((x-a[0])*dx+(y-a[1])*dy)/(dx*dx+dy*dy)))
		if math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy) <= r {
			return true
		}
	}
	return false
}

// inRoundedSquare tells whether (x, y) is inside the 512 square with corners of radius r.
func inRoundedSquare(x, y, r float64) bool {
	cx := math.Max(r, math.Min(512-r, x))
	cy := math.Max(r, math.Min(512-r, y))
	return math.Hypot(x-cx, y-cy) <= r
}

// draw renders the icon at size pixels. A maskable icon fills the whole square with blue and
// shrinks the shield to 70% about the centre, inside the safe circle; the plain one keeps the
// SVG's rounded corners, transparent outside them.
func draw(size int, maskable bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const samples = 4
	scale := 512 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/samples) * scale
					y := (float64(py) + (float64(sy)+0.5)/samples) * scale
					if !maskable && !inRoundedSquare(x, y, 96) {
						continue
					}
					c := blue
					sx, sy := x, y
					if maskable {
						sx, sy = 256+(x-256)/0.7, 256+(y-256)/0.7
					}
					if inside(shield, sx, sy) && !near(tick, sx, sy, 16) {
						c = white
					}
					r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+255
				}
			}
			n := float64(samples * samples)
			if a == 0 {
				continue
			}
			// Premultiplied sums back to straight alpha.
			cover := a / 255
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / cover), uint8(g / cover), uint8(b / cover), uint8(a / n)})
		}
	}
	return img
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	write("public/icon-192.png", draw(192, false))
	write("public/icon-512.png", draw(512, false))
	write("public/icon-maskable-512.png", draw(512, true))
}
