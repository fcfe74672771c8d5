package store

import (
	"context"
	"errors"
	"testing"
)

// Staff made, listed, disabled; the audit log refuses changes (both
// engines).
func TestStaffAdmin(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	n := NewStaff{IIN: "800202400001", Surname: "С", GivenName: "А", BirthDate: "1980-02-02", Sex: "female", Role: StaffRoleOffice, PasswordHash: "h"}
	e := StaffAuditEntry{At: t0, StaffIIN: "admin", Action: "staff add office", Target: n.IIN, Client: "command line", Outcome: "ok"}
	if err := s.AddStaff(ctx, n, t0, e); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStaff(ctx, n, t0, e); !errors.Is(err, ErrStaffExists) {
		t.Fatalf("added twice: %v", err)
	}
	if role, dis, err := s.StaffRole(ctx, n.IIN); err != nil || role != StaffRoleOffice || dis {
		t.Fatalf("role %q %v %v", role, dis, err)
	}
	if err := s.DisableStaff(ctx, n.IIN, t0, e); err != nil {
		t.Fatal(err)
	}
	if _, dis, _ := s.StaffRole(ctx, n.IIN); !dis {
		t.Error("not disabled")
	}
	if err := s.DisableStaff(ctx, "900101300004", t0, e); !errors.Is(err, ErrNotFound) {
		t.Errorf("disabled a stranger: %v", err)
	}
	list, err := s.StaffList(ctx)
	if err != nil || len(list) != 1 || list[0].DisabledAt.IsZero() || !list[0].Registered {
		t.Errorf("list %+v %v", list, err)
	}
	if _, err := s.wr.ExecContext(ctx, `UPDATE staff_audit SET outcome = 'x'`); err == nil {
		t.Error("the audit log was changed")
	}
	if _, err := s.wr.ExecContext(ctx, `DELETE FROM staff_audit`); err == nil {
		t.Error("the audit log was emptied")
	}
	if a, err := s.StaffAudit(ctx, 10); err != nil || len(a) != 2 {
		t.Errorf("audit %+v %v", a, err)
	}
}
