namespace P4Orleans.Law.Tests;

public sealed class LawQueriesTests
{
    private readonly LawQueries queries = new();

    [Theory]
    [InlineData(DeadlineWindow.Opposition, BaseEvent.Service, "2025-06-30", "BE", "lastDay", "2025-09-15")]
    [InlineData(DeadlineWindow.Opposition, BaseEvent.Service, "2025-03-03", "ca", "lastDay", "2025-06-23")]
    [InlineData(DeadlineWindow.Command, BaseEvent.Service, "2025-06-30", "BE", "executableFrom", "2025-07-02")]
    [InlineData(DeadlineWindow.Notice, BaseEvent.ElectronicNotice, "2025-03-03", "BE", "contrainteMayBeIssuedFrom", "2025-04-04")]
    public void a_deadline_query_gives_one_date_with_its_meaning(DeadlineWindow window, BaseEvent baseEvent, string date, string country, string meaning, string expected)
    {
        var answer = queries.Deadline(window, baseEvent, DateOnly.Parse(date), country);
        Assert.Equal(meaning, answer.DateMeaning);
        Assert.Equal(DateOnly.Parse(expected), answer.Date);
        Assert.Equal(country.ToUpperInvariant(), answer.ResidenceCountry);
        Assert.Equal(answer.Date, answer.Explanation.Result);
    }

    [Theory]
    [InlineData(DeadlineWindow.Opposition, BaseEvent.RegisteredLetter, "BE")]
    [InlineData(DeadlineWindow.Notice, BaseEvent.Service, "BE")]
    [InlineData(DeadlineWindow.Opposition, BaseEvent.Service, "BEL")]
    public void a_deadline_query_that_does_not_fit_is_refused(DeadlineWindow window, BaseEvent baseEvent, string country)
    {
        Assert.Throws<ArgumentException>(() => queries.Deadline(window, baseEvent, new DateOnly(2025, 3, 3), country));
    }

    [Fact]
    public void the_other_queries_answer_through_the_same_engine()
    {
        Assert.Equal(21_175, queries.Tariff(BailiffAct.ServiceOfContrainte, 250_000, new DateOnly(2025, 1, 10)).TotalCents);
        Assert.True(queries.CheckId("BE68 5390 0754 7034").IsValid);
        Assert.Equal("eupen", queries.Arrondissement("4780").Arrondissement?.Id);
        Assert.Equal(20_420, queries.Seizable(200_000, 1, new DateOnly(2026, 3, 1)).SeizableCents);
        Assert.Equal(new DateOnly(2025, 4, 30), queries.Prescription(new PrescriptionRequest(new DateOnly(2022, 4, 30))).ExpiresOn);
    }
}
