package jpeg

// The kernels the pixel encoder calls; architectures with assembly
// replace these in their own files.

var (
	rgbToYCC  = rgbToYCCGo
	rgbToGray = rgbToGrayGo
	downH2V1  = downH2V1Go
	downH2V2  = downH2V2Go
)
