package main

import (
	"fmt"
	"io"
	"time"
)

// progressMinSize is the file size from which an import on a terminal shows
// progress: smaller files finish before a bar would be read.
const progressMinSize = 4 << 20

// progress is a reader that draws a one-line bar on a terminal as the file
// is read. It is only used when stderr is a terminal, so pipes and logs get
// nothing extra.
type progress struct {
	r          io.Reader
	w          io.Writer
	name       string
	size, read int64
	last       time.Time
}

func newProgress(w io.Writer, r io.Reader, size int64, name string) *progress {
	return &progress{r: r, w: w, name: name, size: size}
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if now := time.Now(); now.Sub(p.last) > 100*time.Millisecond {
		p.last = now
		p.draw()
	}
	return n, err
}

func (p *progress) draw() {
	const width = 30
	filled := int(p.read * width / p.size)
	if filled > width {
		filled = width
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\rimporting %s [%s] %3d%%", p.name, bar, p.read*100/p.size)
}

// done clears the bar's line.
func (p *progress) done() { fmt.Fprint(p.w, "\r\033[K") }
