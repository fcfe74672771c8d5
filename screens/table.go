package screens

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columns lays a table's cells out in one row; a list's rows and their
// headings share one. Each column is at least as wide as the widest word
// in it (see fit), so that its cells wrap between words and no word is
// cut; the width left over is shared by weight. A table whose words do
// not fit side by side is as wide as they need (the page then scrolls
// sideways) rather than cutting them.
type columns struct {
	weights []float32
	min     []float32       // each column's widest word, with the cell's insets
	whole   []bool          // columns whose cells do not break (dates)
	dated   []bool          // columns of a date and a time, each unbroken
	head    *fyne.Container // the headings' row, laid out again by fit
}

func newColumns(weights ...float32) *columns {
	return &columns{weights: weights, min: make([]float32, len(weights))}
}

// Column weights of the depositor's applications, the staff queue and
// the day's bookings.
// In the applications, a date is never broken («3 Dec / 2026»).
func applicationColumns() *columns { return newColumns(3, 2, 1.4, 1.4).keepWhole(2) }
func queueColumns() *columns       { return newColumns(1.4, 1.5, 2.3, 2.6, 1.0).keepDate(1) }
func bookingsColumns() *columns    { return newColumns(1.1, 0.7, 2.6, 1.7, 1.8, 0.9) }

// Column weights of the ДПВ orders: date, amount and period, receipt.
func dpvColumns() *columns { return newColumns(1.2, 2, 1.6) }

// keepWhole makes the cells of column i as wide as their whole text,
// which is then never broken between words (a date).
func (c *columns) keepWhole(i int) *columns {
	if c.whole == nil {
		c.whole = make([]bool, len(c.weights))
	}
	c.whole[i] = true
	return c
}

// keepDate makes the cells of column i, a date and a time («02.12.2026
// 14:21», «2 Dec 2026 14:21»), at least as wide as the date and as the
// time: the cell may put the time under the date, but breaks neither
// («02.12.» over «2026 14:21» at 800 px).
func (c *columns) keepDate(i int) *columns {
	if c.dated == nil {
		c.dated = make([]bool, len(c.weights))
	}
	c.dated[i] = true
	return c
}

// unbroken is the slack given to a date's column: the label measures
// the text again as it wraps, and a date as wide as its cell to a
// fraction of a unit (71.625 in 72) is one rounding away from breaking.
const unbroken = 2

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		s.Width += c.minWidth(i)
		s.Height = max(s.Height, o.MinSize().Height)
	}
	s.Width += theme.Padding() * float32(max(len(objs)-1, 0))
	return s
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range c.widths(size.Width, len(objs)) {
		objs[i].Move(fyne.NewPos(x, 0))
		objs[i].Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

// widths are the widths of n columns in a row width wide: each its
// minimum and its weight's share of what is left.
func (c *columns) widths(width float32, n int) []float32 {
	var total, least float32
	for i := range n {
		total += c.weight(i)
		least += c.minWidth(i)
	}
	extra := max(width-theme.Padding()*float32(max(n-1, 0))-least, 0)
	ws := make([]float32, n)
	for i := range ws {
		ws[i] = c.minWidth(i) + extra*c.weight(i)/total
	}
	return ws
}

func (c *columns) weight(i int) float32 {
	if i < len(c.weights) && c.weights[i] > 0 {
		return c.weights[i]
	}
	return 1
}

func (c *columns) minWidth(i int) float32 {
	if i < len(c.min) {
		return c.min[i]
	}
	return 0
}

// fit sets each column's minimum to the widest word of its heading (in
// bold) and of its cells in rows.
func (c *columns) fit(heads []*widget.Label, rows [][]string) {
	size := theme.TextSize()
	pad := 2 * tableTheme{}.Size(theme.SizeNameInnerPadding) // the cell's insets
	// Words repeat from row to row (types, statuses) and differ in their
	// digits only (numbers, dates, IINs; the theme's digits are all as
	// wide): each shape is measured once.
	type key struct {
		word string
		bold bool
	}
	measured := map[key]float32{}
	widest := func(s string, style fyne.TextStyle, whole, dated bool) float32 {
		w := float32(0)
		words := strings.Fields(s)
		switch {
		case whole:
			words = []string{strings.Join(words, " ")}
		case dated && len(words) > 1:
			// The date whole, then the time.
			words = []string{strings.Join(words[:len(words)-1], " "), words[len(words)-1]}
		}

		for _, word := range words {
			word = digitsAsZero(word)
			k := key{word, style.Bold}
			ww, ok := measured[k]
			if !ok {
				ww = fyne.MeasureText(word, size, style).Width
				measured[k] = ww
			}
			w = max(w, ww)
		}
		if dated {
			w += unbroken
		}
		return float32(math.Ceil(float64(w))) + pad
	}
	for i := range c.min {
		c.min[i] = 0
		if i < len(heads) {
			c.min[i] = widest(heads[i].Text, heads[i].TextStyle, false, false)
		}
		for _, r := range rows {
			if i < len(r) {
				c.min[i] = max(c.min[i], widest(r[i], fyne.TextStyle{}, i < len(c.whole) && c.whole[i], i < len(c.dated) && c.dated[i]))
			}
		}
	}
	if c.head != nil {
		c.head.Refresh() // its columns' widths change with the words
	}
}

// digitsAsZero is s with each ASCII digit replaced by 0.
func digitsAsZero(s string) string {
	if !strings.ContainsAny(s, "123456789") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// columnsRow is a list row of wrapping labels in the columns cols.
func columnsRow(cols *columns) *fyne.Container {
	row := container.New(cols)
	for range cols.weights {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		row.Add(l)
	}
	return row
}

// columnsHeader fills heads with bold headings that wrap and returns
// their row.
func columnsHeader(heads []*widget.Label, cols *columns) fyne.CanvasObject {
	head := container.New(cols)
	for i := range heads {
		heads[i] = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		heads[i].Wrapping = fyne.TextWrapWord
		head.Add(heads[i])
	}
	cols.head = head
	return container.NewThemeOverride(head, tableTheme{})
}

// tableTheme is the app's theme with half the text's inset in a label:
// the cells of a table of five columns, each as wide as its widest word,
// then fit beside the menu in a window 800 wide.
type tableTheme struct{}

func (tableTheme) app() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t tableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.app().Color(n, v)
}
func (t tableTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.app().Font(s) }
func (t tableTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.app().Icon(n) }
func (t tableTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return t.app().Size(n) / 2
	}
	return t.app().Size(n)
}

// setCell sets a cell's text and colour, refreshing it only when one
// changed (a row is updated again each time a row's height changes).
func setCell(l *widget.Label, text string, imp widget.Importance) {
	if l.Text == text && l.Importance == imp {
		return
	}
	l.Text, l.Importance = text, imp
	l.Refresh()
}

// newTable is a list of rows in cols whose cells wrap: each row is as
// tall as its tallest cell at the list's width, measured when the row is
// shown and again when the width changes. update fills a row's cells.
// The list is put in the returned object, which follows its width.
func newTable(cols *columns, length func() int, update func(id widget.ListItemID, cells []*widget.Label)) (*List, fyne.CanvasObject) {
	return newTableWithEnd(cols, length, nil, func(id widget.ListItemID, cells []*widget.Label, _ fyne.CanvasObject) {
		update(id, cells)
	})
}

// newTableWithEnd is newTable whose rows end with an object made by end
// (nil: none), such as a button, after the cells; update fills a row's
// cells and its end.
func newTableWithEnd(cols *columns, length func() int, end func() fyne.CanvasObject,
	update func(id widget.ListItemID, cells []*widget.Label, end fyne.CanvasObject)) (*List, fyne.CanvasObject) {
	fitter := &rowFitter{}
	list := NewList(length,
		// Each row carries the table's theme itself: Fyne gives a new
		// row the theme of the *widget.List inside our List, which is not
		// the object the page's theme override was set on.
		func() fyne.CanvasObject {
			row := columnsRow(cols)
			if end != nil {
				row = container.NewBorder(nil, nil, nil, end(), row)
			}
			return container.NewThemeOverride(row, tableTheme{})
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*container.ThemeOverride).Content.(*fyne.Container)
			cellsRow, endObj := row, fyne.CanvasObject(nil)
			if end != nil {
				cellsRow, endObj = row.Objects[0].(*fyne.Container), row.Objects[1]
			}
			cells := make([]*widget.Label, len(cellsRow.Objects))
			for i, obj := range cellsRow.Objects {
				cells[i] = obj.(*widget.Label)
			}
			update(id, cells, endObj)
			fitter.fit(id, row)
		})
	fitter.list = &list.List
	return list, container.NewThemeOverride(followingWidth(list), tableTheme{})
}

// rowFitter makes each row of a list as tall as its content laid out at
// the list's width. A row is laid out anew each time: what it holds
// changes its columns' widths (fit) and its labels' lines, not only its
// size. A row whose labels hold the same texts at the same widths as when
// last measured keeps its height unmeasured: each new height refreshes
// the whole list, which updates every row shown again.
type rowFitter struct {
	list  *widget.List
	known map[*fyne.Container]rowFit
}

type rowFit struct {
	key    string
	height float32
}

func (f *rowFitter) fit(id widget.ListItemID, row *fyne.Container) {
	w := f.list.Size().Width
	if w <= 0 {
		return
	}
	row.Resize(fyne.NewSize(w, row.Size().Height))
	var key strings.Builder
	layoutRow(row, &key)
	if f.known == nil {
		f.known = map[*fyne.Container]rowFit{}
	}
	k, ok := f.known[row]
	if !ok || k.key != key.String() {
		k = rowFit{key.String(), row.MinSize().Height}
		f.known[row] = k
	}
	f.list.SetItemHeight(id, k.height)
}

// layoutRow lays row out, and the containers in it (the cells of a row
// that ends with a button), and writes to key the width and text of
// each label in it.
func layoutRow(row *fyne.Container, key *strings.Builder) {
	row.Layout.Layout(row.Objects, row.Size())
	for _, o := range row.Objects {
		switch x := o.(type) {
		case *widget.Label:
			fmt.Fprintf(key, "%v\x00%s\x00", x.Size().Width, x.Text)
		case *fyne.Container:
			if x.Layout != nil {
				layoutRow(x, key)
			}
		}
	}
}

// followingWidth puts a list whose rows' heights are set by a rowFitter in an
// object that updates its rows shown when its width changes.
func followingWidth(list *List) fyne.CanvasObject {
	return container.New(&followWidth{list: list}, list)
}

// followWidth lays a table's list out over all its size and, when its
// width changes, updates the rows shown, whose heights change with it (a
// list lays rows already shown out again without updating them).
type followWidth struct {
	list  *List
	width float32
}

func (f *followWidth) MinSize([]fyne.CanvasObject) fyne.Size { return f.list.MinSize() }

func (f *followWidth) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	f.list.Move(fyne.Position{})
	f.list.Resize(size)
	if size.Width != f.width {
		f.width = size.Width
		f.list.Refresh()
	}
}
