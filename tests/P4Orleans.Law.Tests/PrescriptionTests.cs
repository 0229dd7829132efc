namespace P4Orleans.Law.Tests;

public sealed class PrescriptionTests
{
    private readonly LawEngine engine = new();

    [Theory]
    [InlineData(2024, 4, "2025-01-31")]
    [InlineData(2025, 1, "2025-04-30")]
    [InlineData(2025, 2, "2025-07-31")]
    [InlineData(2025, 3, "2025-10-31")]
    [InlineData(2023, 4, "2024-01-31")]
    public void contributions_are_due_on_the_last_day_of_the_month_after_the_quarter(int year, int quarter, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), PrescriptionCalculator.ContributionDueDate(year, quarter));
    }

    [Theory]
    [InlineData(false, "2025-04-30")]
    [InlineData(true, "2029-04-30")]
    public void prescription_runs_three_years_or_seven_after_fraud(bool fraud, string expected)
    {
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30), fraud));
        Assert.Equal(DateOnly.Parse(expected), result.ExpiresOn);
        Assert.False(result.IsPrescribedOn(DateOnly.Parse(expected)));
        Assert.True(result.IsPrescribedOn(DateOnly.Parse(expected).AddDays(1)));
    }

    [Theory]
    [InlineData(InterruptionKind.Seizure, "2024-03-15", "2027-03-15")]
    [InlineData(InterruptionKind.Summons, "2023-01-02", "2026-01-02")]
    [InlineData(InterruptionKind.CommandToPay, "2025-04-30", "2028-04-30")]  // on the last day: still in time
    [InlineData(InterruptionKind.RegisteredLetter, "2025-05-01", "2025-04-30")] // one day late: no effect
    public void an_interruption_restarts_a_full_period_from_its_date(InterruptionKind kind, string on, string expected)
    {
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Interruptions: [new PrescriptionInterruption(DateOnly.Parse(on), kind)]));
        Assert.Equal(DateOnly.Parse(expected), result.ExpiresOn);
    }

    [Fact]
    public void a_pending_opposition_extends_prescription_by_the_length_of_the_suspension()
    {
        // 10 January to 10 March 2023, both included: 22 + 28 + 10 = 60 days.
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 10))]));
        Assert.Equal(new DateOnly(2025, 6, 29), result.ExpiresOn);
        Assert.Equal(60, result.Explanation.Steps.Single(s => s.Kind == StepKind.Suspension).Quantity);
    }

    [Fact]
    public void prescription_is_never_moved_to_a_working_day()
    {
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 10))]));
        Assert.Equal(DayOfWeek.Sunday, result.ExpiresOn!.Value.DayOfWeek);
        Assert.DoesNotContain(result.Explanation.Steps, s => s.Kind == StepKind.WorkingDayShift);
    }

    [Fact]
    public void an_opposition_still_pending_leaves_no_expiry_date()
    {
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), null)]));
        Assert.Null(result.ExpiresOn);
        Assert.True(result.SuspendedIndefinitely);
        Assert.False(result.IsPrescribedOn(new DateOnly(2040, 1, 1)));
    }

    [Fact]
    public void an_interruption_after_a_suspension_restarts_from_the_interruption()
    {
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Interruptions: [new PrescriptionInterruption(new DateOnly(2024, 3, 15), InterruptionKind.Seizure)],
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 10))]));
        Assert.Equal(new DateOnly(2027, 3, 15), result.ExpiresOn);
    }

    [Fact]
    public void an_interruption_during_a_suspension_keeps_the_rest_of_the_suspension()
    {
        // New period from 1 February 2023 (to 1 February 2026) plus 1 February -> 10 March 2023 = 37 days.
        var result = engine.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30),
            Interruptions: [new PrescriptionInterruption(new DateOnly(2023, 2, 1), InterruptionKind.Summons)],
            Suspensions: [new PrescriptionSuspension(new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 10))]));
        Assert.Equal(new DateOnly(2026, 3, 10), result.ExpiresOn);
    }

    [Fact]
    public void the_prescription_periods_are_configuration()
    {
        var options = new LawOptions { Prescription = { OrdinaryYears = 5 } };
        var result = new LawEngine(options).Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30)));
        Assert.Equal(new DateOnly(2027, 4, 30), result.ExpiresOn);
    }
}
