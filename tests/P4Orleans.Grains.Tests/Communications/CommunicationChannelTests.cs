using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests.Communications;

/// <summary>Which channel, what is sealed, what the channel receives, what a failed command leaves behind.</summary>
public sealed class CommunicationChannelTests
{
    [Fact]
    public async Task an_enterprise_is_written_to_in_its_ebox_by_its_enterprise_number()
    {
        var h = new CommunicationHarness();
        await h.Submitted(CommunicationHarness.Enterprise());
        var sent = await h.Sent();
        Assert.Equal(NoticeChannel.EBox, sent.Channel);
        var message = Assert.Single(h.Delivery.Attempts);
        Assert.Equal(TestData.Kbo, message.Recipient.EnterpriseNumber);
        Assert.Equal("Exemple Construct SA", message.Recipient.Name);
    }

    [Fact]
    public async Task a_sole_trader_named_by_the_enterprise_number_is_written_to_in_the_ebox()
    {
        var h = new CommunicationHarness();
        await h.Submitted(CommunicationHarness.SoleTrader());
        var sent = await h.Sent();
        Assert.Equal(NoticeChannel.EBox, sent.Channel);
        Assert.Equal("Jean " + TestData.Surname, h.Delivery.Attempts[0].Recipient.Name);
    }

    [Theory]
    [InlineData(true, NoticeChannel.RegisteredLetterWithAcknowledgement)]
    [InlineData(false, NoticeChannel.RegisteredLetter)]
    public async Task a_person_named_by_a_national_number_gets_a_registered_letter(bool withAcknowledgement, NoticeChannel expected)
    {
        var h = new CommunicationHarness(new CommunicationOptions { LettersWithAcknowledgement = withAcknowledgement });
        await h.Submitted();
        var sent = await h.Sent();
        Assert.Equal(expected, sent.Channel);
        Assert.Null(h.Delivery.Attempts[0].Recipient.EnterpriseNumber);
        Assert.Equal(TestData.Street, h.Delivery.Attempts[0].Recipient.Address.Street);
    }

    [Fact]
    public async Task the_text_and_the_recipient_are_sealed_until_sent_and_leave_the_state_once_sent()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        const string Body = "Texte confidentiel de la lettre 4711.";
        var id = await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.PaymentPlanLetter, "Objet", Body)));
        Assert.Equal("C1", id);
        Assert.DoesNotContain("4711", h.Grain.StateJson, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Surname, h.Grain.StateJson, StringComparison.Ordinal);
        Assert.NotNull(h.State.Communications[0].SealedEnvelope);
        // The first attempt is due at once: the dossier's reminder wakes it.
        Assert.Equal(h.Grain.Time.GetUtcNow(), h.Grain.Reminders["communication:C1"]);

        await h.Grain.FireAsync("communication:C1");
        Assert.Equal(Body, h.Delivery.Attempts[0].Body);
        Assert.Equal(CommunicationStatus.Sent, h.State.Communications[0].Status);
        Assert.Null(h.State.Communications[0].SealedEnvelope);
        Assert.DoesNotContain("communication:C1", h.Grain.Reminders.Keys);
        Assert.All(h.Grain.Journal, j => Assert.DoesNotContain("4711", j.Json, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Texte", "subject")]
    [InlineData("Objet", " ", "body")]
    [InlineData("Objet", null, "body")]
    public async Task a_communication_without_subject_or_text_is_refused_and_leaves_no_trace(string subject, string? body, string field)
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        var before = h.Grain.StateJson;
        var journal = h.Grain.Journal.Count;
        var seals = h.Vault.SealCount;
        var e = await Assert.ThrowsAsync<DossierValidationException>(() =>
            h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, subject, body!))));
        Assert.Equal(field, e.Errors[0].Field);
        Assert.Equal(before, h.Grain.StateJson);
        Assert.Equal(journal, h.Grain.Journal.Count);
        Assert.Equal(seals, h.Vault.SealCount);
    }

    [Fact]
    public async Task a_text_longer_than_the_limit_is_refused()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        await Assert.ThrowsAsync<DossierValidationException>(() => h.Grain.Turn(g =>
            g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", new string('x', InputLimits.MessageBodyLength + 1)))));
        var ok = await h.Grain.Turn(g =>
            g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", new string('x', InputLimits.MessageBodyLength))));
        Assert.Equal("C1", ok);
    }

    [Fact]
    public async Task no_more_than_the_configured_number_may_be_open_at_once()
    {
        var h = new CommunicationHarness(new CommunicationOptions { MaxOpen = 2 });
        await h.Submitted();
        await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "A", "a")));
        await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "B", "b")));
        var before = h.Grain.StateJson;
        var e = await Assert.ThrowsAsync<CommunicationStateException>(() =>
            h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "C", "c"))));
        Assert.Equal("too-many-open-communications", e.Reason);
        Assert.Equal(before, h.Grain.StateJson);
        // Once one is sent, there is room again.
        await h.Grain.FireAsync("communication:C1");
        Assert.Equal("C3", await h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "C", "c"))));
    }

    [Fact]
    public async Task a_dossier_never_submitted_has_no_communications()
    {
        var h = new CommunicationHarness();
        await Assert.ThrowsAsync<DossierNotFoundException>(() =>
            h.Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(CommunicationKind.FormalNotice, "A", "a"))));
        await Assert.ThrowsAsync<DossierNotFoundException>(() => h.Grain.Turn(g => g.GetCommunicationsAsync()));
    }

    [Fact]
    public async Task an_unknown_communication_is_not_found()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        await Assert.ThrowsAsync<CommunicationNotFoundException>(() => h.Grain.Turn(g => g.RetryCommunicationAsync("C9")));
        await Assert.ThrowsAsync<CommunicationNotFoundException>(() => h.Grain.Turn(g => g.AbandonCommunicationAsync("C9")));
        await Assert.ThrowsAsync<CommunicationNotFoundException>(() =>
            h.Ack("C9", AcknowledgementKind.Delivered, h.Grain.Time.GetUtcNow()));
    }

    [Fact]
    public async Task the_state_keeps_the_latest_finished_communications_only()
    {
        var h = new CommunicationHarness(new CommunicationOptions { MaxKept = 2 });
        await h.Submitted();
        for (var i = 0; i < 4; i++)
        {
            await h.Sent();
        }
        Assert.Equal(["C3", "C4"], h.State.Communications.Select(c => c.Id));
        Assert.Equal(["C4", "C3"], (await h.Grain.Turn(g => g.GetCommunicationsAsync())).Select(c => c.CommunicationId));
        Assert.Equal(4, h.Grain.JournalOf(CommunicationJournal.Sent).Count);
    }

    [Fact]
    public async Task the_procedure_queues_its_notices_of_service_seizure_and_payment_plan()
    {
        var h = new CommunicationHarness();
        await h.Submitted();
        await h.Grain.Turn(g => g.AssignAsync("office-1", "test"));
        await h.Grain.Turn(g => g.AcceptAsync("office-1"));
        h.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 15, 0, 0, TimeSpan.Zero));
        await h.Grain.Turn(g => g.ReportServiceAsync("office-1", new ServiceReport(new DateOnly(2025, 3, 20), ServiceMode.InPerson, null, "A-1")));
        await h.Grain.FireAsync("communication:C1");
        Assert.Equal(CommunicationKind.ServiceNotification, h.Delivery.Attempts[0].Kind);
        Assert.Contains("20/03/2025", h.Delivery.Attempts[0].Body, StringComparison.Ordinal);
        Assert.Contains("ONSS-2025-000123", h.Delivery.Attempts[0].Subject, StringComparison.Ordinal);

        await h.Grain.FireAsync(DossierReminders.Executable);
        await h.Grain.Turn(g => g.ReportSeizureAsync("office-1", new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory,
            new DateOnly(2025, 3, 22), [new SeizableAsset(TestData.AssetText, 500_000)], "S-act")));
        await h.Grain.Turn(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(new DateOnly(2025, 3, 22), 6, 50_000, new DateOnly(2025, 4, 1))));
        var views = await h.Grain.Turn(g => g.GetCommunicationsAsync());
        Assert.Equal([CommunicationKind.PaymentPlanLetter, CommunicationKind.ExecutionNotification, CommunicationKind.ServiceNotification], views.Select(v => v.Kind));
        Assert.All(views, v => Assert.Equal("procedure", v.Origin));
    }

    [Fact]
    public async Task procedure_notices_may_be_switched_off()
    {
        var h = new CommunicationHarness(new CommunicationOptions { ProcedureNotices = false });
        await h.Submitted();
        await h.Grain.Turn(g => g.AssignAsync("office-1", "test"));
        await h.Grain.Turn(g => g.AcceptAsync("office-1"));
        await h.Grain.Turn(g => g.ReportServiceAsync("office-1", new ServiceReport(new DateOnly(2025, 3, 10), ServiceMode.InPerson, null, "A-1")));
        Assert.Empty(h.State.Communications);
    }
}
