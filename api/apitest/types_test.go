package apitest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kabinet-kz/kabinet/api"
)

// goTypes are the Go types of package api that the component schemas of
// api/openapi.yaml describe, by schema name. A new schema gets its line.
var goTypes = map[string]any{
	"SecondStepRequest": api.SecondStepRequest{}, "TwoFactorStatus": api.TwoFactorStatus{},
	"TwoFactorSetupRequest": api.TwoFactorSetupRequest{}, "TwoFactorSetup": api.TwoFactorSetup{},
	"TwoFactorConfirmRequest": api.TwoFactorConfirmRequest{}, "TwoFactorEnabled": api.TwoFactorEnabled{},
	"TwoFactorOffRequest": api.TwoFactorOffRequest{},
	"Info":                api.Info{}, "LoginRequest": api.LoginRequest{}, "Session": api.Session{}, "Me": api.Me{},
	"Contribution": api.Contribution{}, "Account": api.Account{}, "Accounts": api.Accounts{}, "Problem": api.Problem{},
	"Document": api.Document{}, "ApplicationCheckRequest": api.ApplicationCheckRequest{}, "CheckResult": api.CheckResult{},
	"ApplicationSubmit": api.ApplicationSubmit{}, "StatusChange": api.StatusChange{}, "Signer": api.Signer{},
	"Application": api.Application{}, "Applications": api.Applications{}, "PaymentOption": api.PaymentOption{},
	"Manager": api.Manager{}, "PortfolioShare": api.PortfolioShare{}, "ApplicationOptions": api.ApplicationOptions{},
	"Notification": api.Notification{}, "Notifications": api.Notifications{}, "NotificationsRead": api.NotificationsRead{},
	"Office": api.Office{}, "Offices": api.Offices{}, "Slots": api.Slots{}, "BookingRequest": api.BookingRequest{},
	"Booking": api.Booking{}, "Bookings": api.Bookings{}, "DPVOrderRequest": api.DPVOrderRequest{},
	"DPVOrder": api.DPVOrder{}, "DPVOrders": api.DPVOrders{}, "EDSChallenge": api.EDSChallenge{},
	"EDSLoginRequest": api.EDSLoginRequest{}, "SecurityEvent": api.SecurityEvent{}, "SecurityEvents": api.SecurityEvents{},
	"ForecastParams": api.ForecastParams{}, "ForecastRequest": api.ForecastRequest{}, "Forecast": api.Forecast{},
	"ForecastRow": api.ForecastRow{}, "RegistrationRequest": api.RegistrationRequest{}, "OTPChallenge": api.OTPChallenge{},
	"ConfirmRequest": api.ConfirmRequest{}, "Captcha": api.Captcha{}, "PasswordResetRequest": api.PasswordResetRequest{},
	"ContactChoice": api.ContactChoice{}, "PasswordReset": api.PasswordReset{}, "SendRequest": api.SendRequest{},
	"ChangePasswordRequest": api.ChangePasswordRequest{}, "OutboxMessage": api.OutboxMessage{}, "Outbox": api.Outbox{},
	"StaffStatusRequest": api.StaffStatusRequest{}, "StaffDepositor": api.StaffDepositor{},
	"ContactConfirmRequest": api.ContactConfirmRequest{}, "StaffBooking": api.StaffBooking{},
	"StaffBookings": api.StaffBookings{}, "StatementRow": api.StatementRow{}, "StatementPage": api.StatementPage{},
	"StatementSummary": api.StatementSummary{}, "AccountsHistory": api.AccountsHistory{},
}

// The schemas follow the Go types both sides use (the description says
// so): the same fields, nested objects included, and in the schemas of
// answers `required` is exactly the fields Go always writes (no
// omitempty). A request schema's `required` is the contract's choice.
func TestSchemasFollowTheGoTypes(t *testing.T) {
	c := MustLoad(t)
	for name, ref := range c.doc.Components.Schemas {
		v, ok := goTypes[name]
		if !ok {
			if name != "Money" {
				t.Errorf("schema %s: no Go type in goTypes", name)
			}
			continue
		}
		request := strings.HasSuffix(name, "Request") || name == "ApplicationSubmit" || name == "NotificationsRead"
		compareType(t, name, ref, reflect.TypeOf(v), !request)
	}
}

var timeType = reflect.TypeOf(time.Time{})

// jsonFields are the JSON names of t's fields (embedded structs
// flattened) and whether Go omits each when empty.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func schemaObject(s *openapi3.Schema) (props map[string]*openapi3.SchemaRef, required []string) {
	props = map[string]*openapi3.SchemaRef{}
	for k, p := range s.Properties {
		props[k] = p
	}
	required = append(required, s.Required...)
	for _, part := range s.AllOf {
		if part.Value == nil {
			continue
		}
		p, r := schemaObject(part.Value)
		for k, v := range p {
			props[k] = v
		}
		required = append(required, r...)
	}
	return props, required
}

func compareType(t *testing.T, at string, ref *openapi3.SchemaRef, typ reflect.Type, answer bool) {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice && typ.Elem().Kind() != reflect.Uint8 {
		if typ.Kind() == reflect.Slice {
			if ref.Value.Items == nil {
				t.Errorf("%s: a Go slice, not an array with items", at)
				return
			}
			if ref = ref.Value.Items; ref.Ref != "" {
				return // a named schema is compared on its own
			}
			at += "[]"
		}
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ == timeType {
		return
	}
	props, required := schemaObject(ref.Value)
	fields := jsonFields(typ)
	for name, f := range fields {
		p, ok := props[name]
		if !ok {
			t.Errorf("%s.%s: a field of %s, not in the schema", at, name, typ)
			continue
		}
		omit := strings.Contains(f.Tag.Get("json"), ",omitempty")
		if answer && !omit && !slices.Contains(required, name) {
			t.Errorf("%s.%s: always written by Go, not required", at, name)
		}
		if answer && omit && slices.Contains(required, name) {
			t.Errorf("%s.%s: required, but Go omits it when empty", at, name)
		}
		if p.Ref == "" { // a named schema is compared on its own
			compareType(t, at+"."+name, p, f.Type, answer)
		}
	}
	for name := range props {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s.%s: in the schema, not a field of %s", at, name, typ)
		}
	}
}
