using System.Globalization;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Browser.Tests;

// Communications on the dossier page: listed with their delivery facts, sent, acknowledged, retried and abandoned.
public sealed partial class ConsoleDossierActionsBrowserTests
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>A time of Brussels as a datetime-local input takes it.</summary>
    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Brussels).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task an_operator_sends_a_registered_letter_it_is_listed_and_its_acknowledgement_is_recorded_and_onss_sees_the_list_only()
    {
        var id = await _data.SubmitAsync(ConsoleData.Reference("DAC"));
        var (browser, operatorUser) = await AtDossierAsync(id, Roles.Operator);
        await using (browser)
        {
            var before = (await Dossier(id).GetCommunicationsAsync()).Count;
            var communication = await SendAsync(browser, "Mise en demeure " + id[..8]);

            var sent = (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == communication);
            Assert.Equal((before + 1, CommunicationStatus.Sent, "operator"), ((await Dossier(id).GetCommunicationsAsync()).Count, sent.Status, sent.Origin));
            var row = browser.Page.Locator($"#communications tr[data-communication='{communication}']");
            Assert.Contains("Mise en demeure", await row.TextContentAsync(), StringComparison.Ordinal);
            Assert.Contains("Recommandé avec accusé de réception", await row.TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal("Envoyée", await row.Locator(".communication-status").TextContentAsync());
            // The sealed text is never shown again.
            Assert.DoesNotContain("3 250,00 EUR", await browser.Page.ContentAsync(), StringComparison.Ordinal);
            // A sent letter is neither retried nor abandoned.
            Assert.Equal(0, await browser.Page.Locator($"#retry-{communication}, #abandon-{communication}").CountAsync());

            // Presented at the address: a few minutes from now, within the five the dossier allows ahead (the card's time to the minute).
            await browser.Page.SelectOptionAsync($"#ack-kind-{communication}", nameof(AcknowledgementKind.Delivered));
            await browser.Page.FillAsync($"#ack-at-{communication}", Local(P4Orleans.Testing.MorningClock.UtcNow.AddMinutes(2)));
            Assert.Equal(200, (await browser.ClickAsync($"ack-{communication}")).Status);

            var delivered = (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == communication);
            Assert.Equal(CommunicationStatus.Delivered, delivered.Status);
            Assert.NotNull(delivered.DeliveredAt);
            Assert.Equal("Remise", await browser.Page.Locator($"#communications tr[data-communication='{communication}'] .communication-status").TextContentAsync());
            Assert.Equal(2, await CommandsAuditedAsync(operatorUser.Id, id, "ok:302", "send-communication", "acknowledge-communication"));
            Assert.Empty(browser.ConsoleErrors());
        }
        var (onss, _) = await AtDossierAsync(id, Roles.OnssAgent);
        await using (onss)
        {
            Assert.Equal("Remise", await onss.Page.Locator($"#communications tr.communication[data-status=Delivered] .communication-status").First.TextContentAsync());
            Assert.Equal(0, await onss.Page.Locator("#send-form, form[action*='handler=Acknowledge'], form[action*='handler=Retry']").CountAsync());
            Assert.Empty(onss.ConsoleErrors());
        }
    }

    [Fact]
    public async Task an_operator_retries_a_failed_ebox_message_then_abandons_it_and_the_list_shows_each_step()
    {
        var id = await EnterpriseAsync(ConsoleData.Reference("DAE"));
        var (browser, operatorUser) = await AtDossierAsync(id, Roles.Operator);
        await using var _ = browser;
        var communication = await SendAsync(browser, "Mise en demeure eBox");

        var failed = (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == communication);
        Assert.Equal((NoticeChannel.EBox, CommunicationStatus.Failed, 1), (failed.Channel, failed.Status, failed.Attempts));
        var row = $"#communications tr[data-communication='{communication}']";
        Assert.StartsWith("Échouée", await browser.Page.Locator(row + " .communication-status").TextContentAsync(), StringComparison.Ordinal);

        Assert.Equal(200, (await browser.ClickAsync("retry-" + communication)).Status);
        // Attempted again at once, and failed again: its attempts counted anew.
        var retried = (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == communication);
        Assert.Equal((CommunicationStatus.Failed, 1), (retried.Status, retried.Attempts));

        Assert.Equal(200, (await browser.ClickAsync("abandon-" + communication)).Status);
        Assert.Equal(CommunicationStatus.Abandoned, (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == communication).Status);
        Assert.StartsWith("Abandonnée", await browser.Page.Locator(row + " .communication-status").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await browser.Page.Locator($"#retry-{communication}, #abandon-{communication}").CountAsync());
        Assert.Equal(3, await CommandsAuditedAsync(operatorUser.Id, id, "ok:302", "send-communication", "retry-communication", "abandon-communication"));
        Assert.Empty(browser.ConsoleErrors());
    }
}
