package screens

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// The staff queue's speed against a bare list of the same rows cut to
// one line (the queue before its rows wrapped), built and laid out the
// same way in the same run: the ratio is what wrapping rows cost.
//
//	go test -tags ci -run '^$' -bench Queue ./screens/

func benchApps(n int) []api.Application {
	types := api.ApplicationTypes
	apps := make([]api.Application, n)
	for i := range apps {
		apps[i] = api.Application{ID: fmt.Sprint(i), Number: fmt.Sprintf("Z-20261203-%06d", i), Type: types[i%len(types)],
			Status: AppStatuses[i%len(AppStatuses)], IIN: "880415300157", DepositorName: "Сейткали Бекзат Нурланович",
			CreatedAt: time.Date(2026, 12, 3, 8, 0, i, 0, FundZone)}
	}
	return apps
}

// bareQueue is the baseline: five truncated labels a row, equal columns.
func bareQueue(apps []api.Application) fyne.CanvasObject {
	return widget.NewList(func() int { return len(apps) },
		func() fyne.CanvasObject {
			row := container.NewGridWithColumns(5)
			for range 5 {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				row.Add(l)
			}
			return row
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			a := apps[id]
			texts := []string{a.Number, FormatTime(a.CreatedAt, true), AppTypeText(a.Type), a.DepositorName + ", " + a.IIN, AppStatusText(a.Status)}
			for i, c := range o.(*fyne.Container).Objects {
				c.(*widget.Label).SetText(texts[i])
			}
		})
}

// cpuTime is the process's CPU time so far: the test driver waits on its
// own between frames, so that the wall time says little on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// benchShow: a page with 500 applications shown in a window 800×600.
func benchShow(b *testing.B, build func([]api.Application) fyne.CanvasObject) {
	test.NewTempApp(b)
	lang.Set("ru")
	apps := benchApps(500)
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		w := test.NewWindow(build(apps))
		w.Resize(fyne.NewSize(800, 600))
		w.Close()
	}
	reportCPU(b, start)
}

// benchResize: the window widened to 1366 and narrowed to 800 again.
func benchResize(b *testing.B, build func([]api.Application) fyne.CanvasObject) {
	test.NewTempApp(b)
	lang.Set("ru")
	w := test.NewWindow(build(benchApps(500)))
	defer w.Close()
	w.Resize(fyne.NewSize(800, 600))
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		w.Resize(fyne.NewSize(1366, 768))
		w.Resize(fyne.NewSize(800, 600))
	}
	reportCPU(b, start)
}

func queuePage(apps []api.Application) fyne.CanvasObject {
	q := NewStaffQueue()
	q.SetApplications(apps)
	return q.Content()
}

func BenchmarkQueueShowBare(b *testing.B)   { benchShow(b, bareQueue) }
func BenchmarkQueueShow(b *testing.B)       { benchShow(b, queuePage) }
func BenchmarkQueueResizeBare(b *testing.B) { benchResize(b, bareQueue) }
func BenchmarkQueueResize(b *testing.B)     { benchResize(b, queuePage) }
