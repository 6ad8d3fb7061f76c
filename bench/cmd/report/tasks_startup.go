package main

// addStartupTask plans the cost of starting each program and doing
// nothing (printing its version): the part of every whole command's time
// that does not grow with the image. jpegtran is a small C program
// linked to libjpeg and libc; pixtool is a static Go binary (built as
// README's Install says, see pixtoolBuild) whose runtime and package
// initialisation run before any flag is read.
func addStartupTask(p *plan, dir string, wl workload, bins binaries) error {
	pixtool := bins.pixtool
	p.add("startup", "startup: each program started to print its version, the fixed cost inside every whole command's time",
		cmdSpec{tool: "jpegtran", argv: []string{"jpegtran", "-version"}, cpus: 1},
		cmdSpec{tool: "pixtool", argv: []string{pixtool, "--version"}, cpus: 1, env: gomaxprocs1})
	return nil
}
