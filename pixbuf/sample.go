package pixbuf

import "unsafe"

// Sample is the element type of a view: 8- and 16-bit unsigned integers and
// 32-bit floats, the sample types of camera frames, PNG/TIFF/PNM files and ML
// tensors.
type Sample interface{ ~uint8 | ~uint16 | ~float32 }

// sizeOf is the size in bytes of one sample of type T.
func sizeOf[T Sample]() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// formatOf is T's format character as Python's struct module spells it. The
// size alone decides it: the only 4-byte sample is a float32.
func formatOf[T Sample]() string {
	switch sizeOf[T]() {
	case 1:
		return "B"
	case 2:
		return "H"
	}
	return "f"
}
