package service

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
	_ "time/tzdata" // zone names on any OS

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// DefaultTimeZone is the fund's time zone unless Config.TimeZone says
// another: Kazakhstan has used a single UTC+5 zone since March 2024.
const DefaultTimeZone = "Asia/Almaty"

// fundLoc is the fund's zone (one fund per process): UTC+5 until
// setFundZone is given another.
var fundLoc atomic.Pointer[time.Location]

func init() { fundLoc.Store(time.FixedZone("UTC+5", 5*60*60)) }

// fundZone is the time zone of the fund's calendar and of every time the
// service writes (PDFs, tickets, messages).
func fundZone() *time.Location { return fundLoc.Load() }

// setFundZone makes name (IANA) the fund's zone here, in the messages and
// in the store; "" or DefaultTimeZone keep UTC+5.
func setFundZone(name string) error {
	if name == "" || name == DefaultTimeZone {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return fmt.Errorf("time zone %q: unknown", name)
	}
	fundLoc.Store(loc)
	notify.SetZone(loc)
	store.SetFundZone(loc)
	return nil
}

// zoneLabel names the fund's zone after a printed time: the language's
// default label for Almaty, else the zone's name and offset.
func zoneLabel(def string, at time.Time) string {
	loc := fundZone()
	if loc.String() == "UTC+5" {
		return def
	}
	_, off := at.In(loc).Zone()
	return fmt.Sprintf("%s, UTC%+d", loc.String(), off/3600)
}

// fundDate is the fund's calendar date (YYYY-MM-DD) at the moment t.
func fundDate(t time.Time) string { return t.In(fundZone()).Format(time.DateOnly) }

// handleHealthz is GET /healthz: "ok" while the database answers.
func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("unavailable\n"))
		return nil
	}
	w.Write([]byte("ok\n"))
	return nil
}

// handleReadyz is GET /readyz: "ready" while the database answers and
// has every migration of this build (a load balancer sends requests to
// an instance only then; an instance of a newer build waits for
// `kabinetd migrate up`).
func (s *server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ready(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "readiness check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready\n"))
		return nil
	}
	w.Write([]byte("ready\n"))
	return nil
}

// handleInfo is GET /api/v1/info: the fund's display name, the version
// and the optional features of this service.
func (s *server) handleInfo(w http.ResponseWriter, r *http.Request) error {
	s.respond(w, r, http.StatusOK, s.info)
	return nil
}

// fundName is the fund's display name for a document in the language
// code ("ru", "kk", "en").
func (s *server) fundName(code string) string { return s.info.FundNameIn(code) }

// handleMe is GET /api/v1/me: the caller's personal information, with the
// phone and e-mail masked as in the memo.
func (s *server) handleMe(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return unauthorized(reasonInvalid, "unknown session")
	}
	if err != nil {
		return err
	}
	me := api.Me{
		IIN:               d.IIN,
		Surname:           d.Surname,
		GivenName:         d.GivenName,
		Patronymic:        d.Patronymic,
		BirthDate:         d.BirthDate,
		Sex:               d.Sex,
		Disability:        d.Disability,
		DisabilityForLife: d.DisabilityForLife,
		Role:              d.Role,
	}
	if d.Phone != "" {
		me.PhoneMasked = kz.MaskPhone(d.Phone)
	}
	if d.Email != "" {
		me.EmailMasked = kz.MaskEmail(d.Email)
	}
	if !sess.PreviousLoginAt.IsZero() {
		t := sess.PreviousLoginAt.UTC()
		me.LastLoginAt = &t
	}
	if d.Role == store.RoleStaff {
		role, _, err := s.store.StaffRole(r.Context(), d.IIN)
		if err != nil {
			return err
		}
		me.StaffRole = role
	}
	var pe *problemError
	if err := s.staffTwoFactor(r.Context(), sess, d); errors.As(err, &pe) && pe.p.Code == api.CodeTwoFactorRequired {
		me.TwoFactorRequired = true // the staff workstation opens on the second step's page
	} else if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, me)
	return nil
}

// handleAccounts is GET /api/v1/accounts: the caller's pension accounts
// with balances, sums by kind, the last contribution and the total.
func (s *server) handleAccounts(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	sums, err := s.store.AccountSummaries(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	out := api.Accounts{Accounts: make([]api.Account, 0, len(sums)), AsOf: fundDate(s.now())}
	for _, a := range sums {
		acc := api.Account{
			Type:             a.Type,
			Number:           a.Number,
			Balance:          api.Money(a.Balance),
			Contributions:    api.Money(a.Sums[store.KindContribution]),
			InvestmentIncome: api.Money(a.Sums[store.KindInvestmentIncome]),
			Commission:       api.Money(-a.Sums[store.KindCommission]),
			Payments:         api.Money(-a.Sums[store.KindPayment]),
			Transfers:        api.Money(a.Sums[store.KindTransfer]),
			OpenedAt:         a.OpenedAt,
		}
		if c := a.LastContribution; c != nil {
			acc.LastContribution = &api.Contribution{
				Date:         c.Date,
				Period:       c.Period,
				Amount:       api.Money(c.Amount),
				EmployerName: c.PayerName,
				EmployerBIN:  c.PayerBIN,
			}
		}
		out.Accounts = append(out.Accounts, acc)
		out.Total += acc.Balance
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}
