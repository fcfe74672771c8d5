package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// Service identifiers of the cabinet menu, in the memo's order.
const (
	ServiceHome           = "home"
	ServiceStatements     = "statements"
	ServicePayment        = "payment"
	ServiceCertificates   = "certificates"
	ServiceDetails        = "details"
	ServicePortfolio      = "portfolio"
	ServiceForecast       = "forecast"
	ServiceCancelTransfer = "cancel_transfer"
	ServiceStatus         = "status"
	ServiceNotifications  = "notifications"
	ServiceBooking        = "booking"
	ServiceDPV            = "dpv"
	ServicePassword       = "password"
	ServiceSecurity       = "security"
)

// Services lists the menu entries.
var Services = []string{
	ServiceHome, ServiceStatements, ServicePayment, ServiceCertificates,
	ServiceDetails, ServicePortfolio, ServiceForecast, ServiceCancelTransfer,
	ServiceStatus, ServiceNotifications, ServiceBooking, ServiceDPV, ServicePassword, ServiceSecurity,
}

// ServiceTitle is the translated menu title of a service.
func ServiceTitle(id string) string { return lang.L("service." + id) }

// Cabinet is the shell after login: a header with the fund, the user, the
// language switch and «Выйти», a menu of services and the selected page.
type Cabinet struct {
	shell
	// Banner is a dismissable line under the header telling of a new
	// notification: its text, «Открыть» and a close button.
	BannerText  *widget.Label
	BannerOpen  *Button
	BannerClose *Button

	OnLogout   func()
	OnService  func(id string)
	OnLanguage func(code string)
	// OnBanner runs when «Открыть» of the banner is tapped.
	OnBanner func()

	banner     fyne.CanvasObject
	bannerKey  string
	bannerData map[string]any
	unread     int
}

// NewCabinet builds the shell showing page.
func NewCabinet() *Cabinet {
	c := &Cabinet{}
	c.shell = newShell(Services, serviceIcon,
		func(id string) {
			if c.OnService != nil {
				c.OnService(id)
			}
		},
		func(code string) {
			if c.OnLanguage != nil {
				c.OnLanguage(code)
			}
		},
		func() { call(c.OnLogout) })
	c.BannerText = widget.NewLabel("")
	c.BannerText.Wrapping = fyne.TextWrapWord
	c.BannerText.Importance = widget.HighImportance
	c.BannerOpen = NewButtonWithIcon("", theme.MailComposeIcon(), func() {
		c.SetBanner("", nil)
		call(c.OnBanner)
	})
	c.BannerClose = NewButtonWithIcon("", theme.CancelIcon(), func() { c.SetBanner("", nil) })
	c.BannerClose.Importance = widget.LowImportance
	bannerBox := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()),
		container.NewHBox(c.BannerOpen, c.BannerClose), c.BannerText)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	bg.StrokeWidth = 1
	// The banner floats over the bottom of the page rather than pushing
	// the page down: nothing moves under the cursor when it comes.
	c.banner = container.New(&maxWidth{Width: 560}, container.NewStack(bg, container.NewPadded(bannerBox)))
	c.banner.Hide()
	c.layout(0.26, nil)
	c.content = container.NewStack(c.content, container.NewBorder(nil,
		container.NewPadded(c.banner), nil, nil))
	c.Retranslate()
	return c
}

func serviceIcon(id string) fyne.Resource {
	switch id {
	case ServiceHome:
		return theme.HomeIcon()
	case ServiceStatements:
		return theme.ListIcon()
	case ServicePayment:
		return theme.DocumentCreateIcon()
	case ServiceCertificates:
		return theme.DocumentIcon()
	case ServiceDetails:
		return theme.SettingsIcon()
	case ServicePortfolio:
		return theme.StorageIcon()
	case ServiceForecast:
		return theme.ComputerIcon()
	case ServiceCancelTransfer:
		return theme.CancelIcon()
	case ServiceStatus:
		return theme.HistoryIcon()
	case ServiceBooking:
		return theme.CalendarIcon()
	case ServiceDPV:
		return theme.UploadIcon()
	case ServiceNotifications:
		return theme.MailComposeIcon()
	case ServicePassword:
		return theme.VisibilityOffIcon()
	case ServiceSecurity:
		return theme.WarningIcon()
	}
	return theme.InfoIcon()
}

// SetNotice shows (or with "" hides) a line under the header.
func (c *Cabinet) SetNotice(text string) {
	c.Notice.SetText(text)
	c.Notice.Hidden = text == ""
	c.Notice.Refresh()
}

// SetBanner shows (or with "" hides) the banner with the translated
// text of key.
func (c *Cabinet) SetBanner(key string, data map[string]any) {
	c.bannerKey, c.bannerData = key, data
	if key == "" {
		c.banner.Hide()
		return
	}
	c.BannerText.SetText(lang.L(key, data))
	c.banner.Show()
}

// BannerVisible tells whether the banner is shown.
func (c *Cabinet) BannerVisible() bool { return c.banner.Visible() }

// SetUnread shows the number of unread notifications on «Уведомления».
func (c *Cabinet) SetUnread(n int) {
	old := c.unread
	c.unread = n
	c.menuTitle(ServiceNotifications)
	if n != old {
		c.relayoutMenu()
	}
}

// Unread is the number shown on «Уведомления».
func (c *Cabinet) Unread() int { return c.unread }

func (c *Cabinet) menuTitle(id string) {
	b := c.Menu[id]
	if b == nil {
		return
	}
	t := ServiceTitle(id)
	if id == ServiceNotifications && c.unread > 0 {
		t = lang.L("cabinet.unread", map[string]any{"Title": t, "N": c.unread})
	}
	b.SetText(t)
}

// Retranslate sets every text in the current language.
func (c *Cabinet) Retranslate() {
	c.retranslate()
	for id := range c.Menu {
		c.menuTitle(id)
	}
	c.relayoutMenu()
	c.BannerOpen.SetText(lang.L("notify.open"))
	if c.bannerKey != "" {
		c.BannerText.SetText(lang.L(c.bannerKey, c.bannerData))
	}
}
