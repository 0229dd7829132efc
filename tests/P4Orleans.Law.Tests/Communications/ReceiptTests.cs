namespace P4Orleans.Law.Tests.Communications;

/// <summary>When a communication counts as received: art. 53bis for registered letters, the configured eBox rule.</summary>
public sealed class ReceiptTests
{
    private readonly LawEngine engine = new();

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-06", "2026-03-07")] // presented on a Friday: the Saturday is the first day (calendar days count)
    [InlineData("2026-04-30", "2026-05-01")] // presented the day before a legal holiday: the holiday is the first day
    [InlineData("2026-12-31", "2027-01-01")] // across the year
    [InlineData("2026-02-28", "2026-03-01")]
    public void a_registered_letter_with_acknowledgement_runs_from_the_day_after_its_presentation(string presented, string first)
    {
        var receipt = engine.Receipt(BaseEvent.RegisteredLetterWithAcknowledgement, D(presented));
        Assert.Equal(D(first), receipt.FirstDay);
        Assert.Equal(ReceiptRule.LetterRuleId, receipt.Explanation.RuleVersionId);
        Assert.Contains("art. 53bis 1°", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("lendemain de la présentation", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("dag na de aanbieding", receipt.Explanation.Dutch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-06", "2026-03-11")] // posted on a Friday: Monday, Tuesday, Wednesday
    [InlineData("2026-04-30", "2026-05-06")] // posted before 1 May (a Friday): the holiday and the weekend are passed over
    [InlineData("2026-12-23", "2026-12-29")] // Christmas passed over
    [InlineData("2026-03-02", "2026-03-05")] // a plain week
    public void a_plain_registered_letter_runs_from_the_third_working_day_after_its_posting(string posted, string first)
    {
        var receipt = engine.Receipt(BaseEvent.RegisteredLetter, D(posted));
        Assert.Equal(D(first), receipt.FirstDay);
        Assert.Contains("art. 53bis 2°", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("derde werkdag", receipt.Explanation.Dutch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-02", "2026-03-03", "2026-03-04")] // read the next day: from the day after reading
    [InlineData("2026-03-02", "2026-03-02", "2026-03-03")] // read the day it arrived
    [InlineData("2026-03-06", "2026-03-07", "2026-03-08")] // read on a Saturday: a Sunday first day (calendar days)
    [InlineData("2026-03-02", "2026-03-04", "2026-03-05")] // read the day before it would be deemed received: the same first day
    public void a_read_ebox_message_runs_from_the_day_after_its_reading(string available, string read, string first)
    {
        var receipt = engine.Receipt(BaseEvent.ElectronicNotice, D(available), D(read));
        Assert.Equal(D(first), receipt.FirstDay);
        Assert.Equal(ReceiptRule.EboxRuleId, receipt.Explanation.RuleVersionId);
        Assert.Equal(StepKind.EboxRead, receipt.Explanation.Steps[0].Kind);
        Assert.Contains("lu dans l'eBox le", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("gelezen in de eBox", receipt.Explanation.Dutch, StringComparison.Ordinal);
        Assert.Contains("W. 24.02.2003", receipt.Explanation.Dutch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-02", null, "2026-03-05")]          // unread: the third working day after it was made available
    [InlineData("2026-03-06", null, "2026-03-11")]          // made available on a Friday
    [InlineData("2026-04-30", null, "2026-05-06")]          // before the 1 May holiday
    [InlineData("2026-03-02", "2026-03-10", "2026-03-05")]  // read after it was deemed received: the earlier date counts
    public void an_unread_ebox_message_is_deemed_received_on_the_configured_working_day(string available, string? read, string first)
    {
        var receipt = engine.Receipt(BaseEvent.ElectronicNotice, D(available), read is null ? null : D(read));
        Assert.Equal(D(first), receipt.FirstDay);
        Assert.Equal(StepKind.EboxDeemedReceived, receipt.Explanation.Steps[0].Kind);
        Assert.Contains("réputé reçu le 3e jour ouvrable", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("valeur configurée", receipt.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("geacht ontvangen op de 3e werkdag", receipt.Explanation.Dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void the_ebox_values_are_configuration()
    {
        var onlyReading = new LawEngine(new LawOptions { Ebox = new EboxOptions { DeemedReceivedAfterWorkingDays = 0 } });
        var unread = onlyReading.Receipt(BaseEvent.ElectronicNotice, D("2026-03-02"));
        Assert.Null(unread.FirstDay);
        Assert.Contains("aucun délai ne court encore", unread.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("er loopt nog geen termijn", unread.Explanation.Dutch, StringComparison.Ordinal);
        Assert.Equal(D("2026-03-21"), onlyReading.Receipt(BaseEvent.ElectronicNotice, D("2026-03-02"), D("2026-03-20")).FirstDay);

        var readingIgnored = new LawEngine(new LawOptions { Ebox = new EboxOptions { CountFromReading = false } });
        Assert.Equal(D("2026-03-05"), readingIgnored.Receipt(BaseEvent.ElectronicNotice, D("2026-03-02"), D("2026-03-02")).FirstDay);

        var fiveDays = new LawEngine(new LawOptions { Ebox = new EboxOptions { DeemedReceivedAfterWorkingDays = 5 } });
        Assert.Equal(D("2026-03-09"), fiveDays.Receipt(BaseEvent.ElectronicNotice, D("2026-03-02")).FirstDay);
    }

    [Fact]
    public void a_reading_dated_before_the_message_was_made_available_does_not_count()
    {
        var receipt = engine.Receipt(BaseEvent.ElectronicNotice, D("2026-03-02"), D("2026-03-01"));
        Assert.Equal(D("2026-03-05"), receipt.FirstDay);
    }

    [Theory]
    // Read Tuesday 3 March 2026: first day 4 March, + 1 month = 4 April, last day Friday 3 April (Good Friday is no legal holiday).
    [InlineData("2026-03-02", "2026-03-03", "2026-04-03")]
    // Unread: deemed 5 March; 4 April is a Saturday, 5 April Easter Sunday, 6 April Easter Monday: Tuesday 7 April.
    [InlineData("2026-03-02", null, "2026-04-07")]
    public void the_formal_notice_wait_runs_from_the_ebox_receipt(string available, string? read, string waitEnd)
    {
        var result = engine.FormalNoticeAfterReceipt(BaseEvent.ElectronicNotice, D(available), read is null ? null : D(read));
        Assert.NotNull(result);
        Assert.Equal(D(waitEnd), result.WaitLastDay);
        Assert.Equal(D(waitEnd).AddDays(1), result.ContrainteMayBeIssuedFrom);
        Assert.Equal("formal-notice-one-month-2019", result.Explanation.RuleVersionId);
        Assert.Contains("eBox", result.Explanation.French, StringComparison.Ordinal);
        Assert.Contains("de quantième à veille de quantième", result.Explanation.French, StringComparison.Ordinal);
    }

    [Fact]
    public void an_ebox_formal_notice_neither_read_nor_deemed_received_has_no_wait_yet()
    {
        var onlyReading = new LawEngine(new LawOptions { Ebox = new EboxOptions { DeemedReceivedAfterWorkingDays = 0 } });
        Assert.Null(onlyReading.FormalNoticeAfterReceipt(BaseEvent.ElectronicNotice, D("2026-03-02")));
    }

    [Theory]
    [InlineData(BaseEvent.RegisteredLetter, "2026-03-06")]
    [InlineData(BaseEvent.RegisteredLetterWithAcknowledgement, "2026-03-06")]
    [InlineData(BaseEvent.RegisteredLetter, "2026-04-30")]
    [InlineData(BaseEvent.RegisteredLetterWithAcknowledgement, "2026-12-31")]
    public void a_letters_formal_notice_wait_from_its_receipt_is_the_formal_notice_rule_itself(BaseEvent channel, string date)
    {
        var fromReceipt = engine.FormalNoticeAfterReceipt(channel, D(date));
        var direct = engine.FormalNotice(D(date), channel);
        Assert.NotNull(fromReceipt);
        Assert.Equal(direct.WaitLastDay, fromReceipt.WaitLastDay);
        Assert.Equal(direct.Explanation.French, fromReceipt.Explanation.French);
        // The wait's first day is the receipt's first day.
        Assert.Equal(engine.Receipt(channel, D(date)).FirstDay, fromReceipt.Explanation.Steps[0].Date);
    }
}
