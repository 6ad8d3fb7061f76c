// Package codec moves pixels between pixbuf views, Go's image.Image and
// image files.
package codec
