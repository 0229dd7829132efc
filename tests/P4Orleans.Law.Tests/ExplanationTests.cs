using System.Text.Json;

namespace P4Orleans.Law.Tests;

public sealed class ExplanationTests
{
    private readonly LawEngine engine = new();

    [Fact]
    public void the_vacation_extension_reads_as_one_french_sentence()
    {
        var explanation = engine.OppositionDeadline(new DateOnly(2025, 6, 30)).Explanation;
        Assert.Equal(
            "Délai d'opposition : signification le 30 juin 2025 (règle opposition-one-month-2019) ; " +
            "le délai court à partir du lendemain, le 1er juillet 2025 (art. 52 C.jud.) ; " +
            "délai de 1 mois, de quantième à veille de quantième : 1 mois après le premier jour, le 1er août 2025, le dernier jour est la veille, le 31 juillet 2025 (art. 54 C.jud.) ; " +
            "commencé et terminé pendant les vacances judiciaires, le délai est prolongé jusqu'au 15 septembre 2025 (art. 50 al. 2 C.jud.) ; " +
            "dernier jour : lundi 15 septembre 2025.",
            explanation.French);
    }

    [Fact]
    public void the_vacation_extension_reads_as_one_dutch_sentence()
    {
        var explanation = engine.OppositionDeadline(new DateOnly(2025, 6, 30)).Explanation;
        Assert.Equal(
            "Verzettermijn: betekening op 30 juni 2025 (regel opposition-one-month-2019); " +
            "de termijn loopt vanaf de volgende dag, 1 juli 2025 (art. 52 Ger.W.); " +
            "termijn van 1 maand, van de zoveelste tot de dag vóór de zoveelste: 1 maand na de eerste dag, 1 augustus 2025, de laatste dag is de dag ervoor, 31 juli 2025 (art. 54 Ger.W.); " +
            "begonnen en geëindigd tijdens de gerechtelijke vakantie, verlengd tot 15 september 2025 (art. 50 lid 2 Ger.W.); " +
            "laatste dag: maandag 15 september 2025.",
            explanation.Dutch);
    }

    [Theory]
    [InlineData("2025-04-04", "le lundi 21 avril 2025 (jour férié légal : lundi de Pâques)", "maandag 21 april 2025 (wettelijke feestdag: Paasmaandag)")]
    [InlineData("2025-10-27", "le mardi 11 novembre 2025 (jour férié légal : Armistice)", "dinsdag 11 november 2025 (wettelijke feestdag: Wapenstilstand)")]
    public void a_holiday_shift_names_the_holiday_in_both_languages(string served, string french, string dutch)
    {
        var explanation = engine.Deadline(new DeadlineRequest(DeadlineSubject.Generic, BaseEvent.Service, DateOnly.Parse(served), 15,
            DeadlineUnit.Days, false)).Explanation;
        Assert.Contains(french, explanation.French, StringComparison.Ordinal);
        Assert.Contains(dutch, explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void an_abroad_extension_and_a_weekend_shift_are_both_explained()
    {
        var explanation = engine.OppositionDeadline(new DateOnly(2025, 3, 3), CountryGroup.RestOfEurope).Explanation;
        Assert.Contains("prolongé de 30 jours pour une partie sans domicile en Belgique (autre pays d'Europe), jusqu'au 3 mai 2025 (art. 55 C.jud.)",
            explanation.French, StringComparison.Ordinal);
        Assert.Contains("omdat zaterdag 3 mei 2025 en zondag 4 mei 2025 geen werkdagen zijn, verstrijkt de termijn op de volgende werkdag, maandag 5 mei 2025",
            explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void a_month_deadline_that_meets_a_missing_day_explains_that_it_ends_on_the_last_day_of_the_month()
    {
        var explanation = engine.Deadline(new DeadlineRequest(DeadlineSubject.Generic, BaseEvent.Service, new DateOnly(2025, 1, 30), 1,
            DeadlineUnit.Months, false)).Explanation;
        Assert.Contains("le délai court à partir du lendemain, le 31 janvier 2025", explanation.French, StringComparison.Ordinal);
        Assert.Contains("le quantième 31 n'existant pas dans le mois d'arrivée, le délai expire le dernier jour de ce mois, le 28 février 2025",
            explanation.French, StringComparison.Ordinal);
        Assert.Contains("omdat de 31e in de laatste maand niet bestaat, verstrijkt de termijn op de laatste dag van die maand, 28 februari 2025",
            explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void a_month_deadline_from_the_first_of_a_month_explains_the_day_before_the_date_found()
    {
        var explanation = engine.OppositionDeadline(new DateOnly(2025, 2, 28)).Explanation;
        Assert.Contains("le délai court à partir du lendemain, le 1er mars 2025", explanation.French, StringComparison.Ordinal);
        Assert.Contains("1 mois après le premier jour, le 1er avril 2025, le dernier jour est la veille, le 31 mars 2025", explanation.French,
            StringComparison.Ordinal);
        Assert.Contains("1 maand na de eerste dag, 1 april 2025, de laatste dag is de dag ervoor, 31 maart 2025", explanation.Dutch,
            StringComparison.Ordinal);
        Assert.DoesNotContain("date à date", explanation.French, StringComparison.Ordinal);
        Assert.DoesNotContain("datum tot datum", explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void a_prescription_explains_suspension_interruption_and_the_absence_of_shift()
    {
        var explanation = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Interruptions: [new PrescriptionInterruption(new DateOnly(2023, 2, 1), InterruptionKind.Summons)],
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 10))])).Explanation;
        Assert.Contains("suspendue pendant l'opposition du 10 janvier 2023 au 10 mars 2023, soit 60 jours", explanation.French, StringComparison.Ordinal);
        Assert.Contains("interrompue le 1er février 2023 par une citation en justice, un nouveau délai court jusqu'au 10 mars 2026", explanation.French, StringComparison.Ordinal);
        Assert.Contains("nooit verschoven naar de volgende werkdag", explanation.Dutch, StringComparison.Ordinal);
        Assert.EndsWith("verjaard na afloop van dinsdag 10 maart 2026.", explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void the_structured_explanation_serialises_with_stable_camel_case_names()
    {
        var deadline = engine.OppositionDeadline(new DateOnly(2025, 4, 4));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(deadline, LawJson.Options));
        var explanation = json.RootElement.GetProperty("explanation");
        Assert.Equal("2025-05-05", json.RootElement.GetProperty("lastDay").GetString());
        Assert.Equal("opposition", explanation.GetProperty("subject").GetString());
        Assert.Equal("service", explanation.GetProperty("baseEvent").GetString());
        Assert.Equal("2025-04-04", explanation.GetProperty("baseDate").GetString());
        var shift = explanation.GetProperty("steps")[2];
        Assert.Equal("workingDayShift", shift.GetProperty("kind").GetString());
        Assert.Equal("sunday", shift.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void a_structured_explanation_reads_back_from_json()
    {
        var original = engine.OppositionDeadline(new DateOnly(2025, 6, 30)).Explanation;
        var back = JsonSerializer.Deserialize<Explanation>(JsonSerializer.Serialize(original, LawJson.Options), LawJson.Options)!;
        Assert.Equal(original.Result, back.Result);
        Assert.Equal(original.Steps.Select(s => s.Kind), back.Steps.Select(s => s.Kind));
        Assert.Equal(original.French, back.French);
    }
}
