package service

import (
	"context"

	"github.com/kabinet-kz/kabinet/service/store"
)

// weekdays are the hours from Monday to Friday with a lunch break.
func weekdays(opens, closes, breakFrom, breakTo string) []store.OfficeHours {
	var out []store.OfficeHours
	for wd := 1; wd <= 5; wd++ {
		out = append(out, store.OfficeHours{Weekday: wd, Opens: opens, Closes: closes, BreakFrom: breakFrom, BreakTo: breakTo})
	}
	return out
}

func withSaturday(h []store.OfficeHours, opens, closes string) []store.OfficeHours {
	return append(h, store.OfficeHours{Weekday: 6, Opens: opens, Closes: closes})
}

// demoOffices are the offices of the demo fund (fictional offices on real
// street names), in four cities. Hours are in the fund's time zone.
func demoOffices() []store.Office {
	std := func() []store.OfficeHours { return weekdays("09:00", "18:00", "13:00", "14:00") }
	return []store.Office{
		{City: "Астана", Name: "Отделение «Есиль»", Texts: texts("Астана", "«Есіл» бөлімшесі", "Мәңгілік Ел даңғылы, 12", "Astana", "Yesil branch", "12 Mangilik Yel Ave."),
			Address: "пр. Мәңгілік Ел, 12", Phone: "+7 7172 55-00-01",
			Windows: 3, SlotMinutes: 30, Code: "A", Hours: withSaturday(std(), "10:00", "14:00")},
		{City: "Астана", Name: "Отделение «Сарыарка»", Texts: texts("Астана", "«Сарыарқа» бөлімшесі", "Бейбітшілік көшесі, 45", "Astana", "Saryarka branch", "45 Beibitshilik St."),
			Address: "ул. Бейбітшілік, 45", Phone: "+7 7172 55-00-02",
			Windows: 2, SlotMinutes: 20, Code: "B", Hours: std()},
		{City: "Алматы", Name: "Отделение «Алмалы»", Texts: texts("Алматы", "«Алмалы» бөлімшесі", "Абай даңғылы, 100", "Almaty", "Almaly branch", "100 Abai Ave."),
			Address: "пр. Абая, 100", Phone: "+7 727 355-00-01",
			Windows: 4, SlotMinutes: 30, Code: "C", Hours: withSaturday(std(), "10:00", "14:00")},
		{City: "Алматы", Name: "Отделение «Медеу»", Texts: texts("Алматы", "«Медеу» бөлімшесі", "Қабанбай батыр көшесі, 200", "Almaty", "Medeu branch", "200 Kabanbai Batyr St."),
			Address: "ул. Кабанбай батыра, 200", Phone: "+7 727 355-00-02",
			Windows: 2, SlotMinutes: 30, Code: "D", Hours: weekdays("09:00", "17:00", "12:30", "13:30")},
		{City: "Шымкент", Name: "Отделение «Әл-Фараби»", Texts: texts("Шымкент", "«Әл-Фараби» бөлімшесі", "Тәуке хан даңғылы, 15", "Shymkent", "Al-Farabi branch", "15 Tauke Khan Ave."),
			Address: "пр. Тәуке хана, 15", Phone: "+7 7252 55-00-01",
			Windows: 2, SlotMinutes: 30, Code: "E", Hours: std()},
		{City: "Караганда", Name: "Отделение «Қазыбек би»", Texts: texts("Қарағанды", "«Қазыбек би» бөлімшесі", "Бұқар жырау даңғылы, 60", "Karaganda", "Kazybek Bi branch", "60 Bukhar Zhyrau Ave."),
			Address: "пр. Бұқар жырау, 60", Phone: "+7 7212 55-00-01",
			Windows: 1, SlotMinutes: 30, Code: "F", Hours: std()},
	}
}

// demoDaysOff is what the fund's calendar adds to the holidays with a
// fixed date and their moves (kz.Holidays, which the service applies to
// every year): Kurban ait, whose date is set each year (2026's; a demo
// calendar). Days the Government moves by decree would go here too.
func demoDaysOff() []store.DayOff {
	return []store.DayOff{{Date: "2026-05-27", Name: "Курбан айт", NameKK: "Құрбан айт", NameEN: "Kurban Ait"}}
}

// texts are an office's city, name and address in Kazakh and English.
func texts(kkCity, kkName, kkAddress, enCity, enName, enAddress string) map[string]store.OfficeText {
	return map[string]store.OfficeText{
		"kk": {City: kkCity, Name: kkName, Address: kkAddress},
		"en": {City: enCity, Name: enName, Address: enAddress},
	}
}

// seedDemoOffices creates the demo offices and days off when the
// database has no office yet (also in a database seeded before offices
// existed).
func seedDemoOffices(ctx context.Context, st *store.Store) error {
	_, err := st.SeedOffices(ctx, demoOffices(), demoDaysOff())
	return err
}
