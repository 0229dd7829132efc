using System.Net;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Session;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Tests.Console;

// The download of a dossier's documents, the audit of a page view, and the communications' refusals.
public sealed partial class ConsoleDossierActionsTests
{
    [Fact]
    public async Task operators_and_onss_download_a_document_with_its_bytes_its_checked_type_and_an_attachment_name_and_each_download_is_audited()
    {
        var id = await SubmitAsync("CON-DOC-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (role, kind, organisation) in new (string, OrganisationKind?, string?)[] { (Roles.Operator, null, null), (Roles.OnssAgent, OrganisationKind.Onss, "onss") })
        {
            var (browser, user, _) = await SignedInAsync(role, kind, organisation);
            var onss = await Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
            var document = await AttachAsync(id, onss, role);

            var response = await browser.SendAsync(BrowserRequests.Page($"/console/dossiers/{id}/documents/{document}"), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("ScannedTitle-" + document, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal("%PDF-1.4\n% " + role + " " + id + "\n%%EOF\n", await response.Content.ReadAsStringAsync(Ct));
            Assert.Single(await AuditAsync("dossier.download-document", user.Id), e => e.Dossier == id && e.Outcome == "ok:200");
        }
    }

    [Fact]
    public async Task an_unknown_document_or_another_dossiers_document_is_not_found_and_the_audit_entry_says_which()
    {
        var id = await SubmitAsync("CON-DOC-A-" + Guid.NewGuid().ToString("N")[..8]);
        var other = await SubmitAsync("CON-DOC-B-" + Guid.NewGuid().ToString("N")[..8]);
        var onss = await Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var othersDocument = await AttachAsync(other, onss);
        var (browser, user, _) = await SignedInAsync(Roles.Operator);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(BrowserRequests.Page($"/console/dossiers/{id}/documents/{Guid.NewGuid()}"), Ct)).StatusCode);
        var page = await browser.SendAsync(BrowserRequests.Page($"/console/dossiers/{id}/documents/{othersDocument}"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Document introuvable", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(BrowserRequests.Page($"/console/dossiers/{id}/documents/not-a-guid"), Ct)).StatusCode);

        var entries = (await AuditAsync("dossier.download-document", user.Id)).Where(e => e.Dossier == id).Select(e => e.Outcome).ToList();
        Assert.Equal(["not-found:404", "refused:document-of-another-dossier:404"], entries);
    }

    [Fact]
    public async Task a_page_view_is_audited_as_the_apis_read_of_the_dossier_for_operators_and_onss()
    {
        var id = await SubmitAsync("CON-READ-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (role, kind, organisation, path) in new (string, OrganisationKind?, string?, string)[]
            { (Roles.Operator, null, null, "/operators/dossiers/"), (Roles.OnssAgent, OrganisationKind.Onss, "onss", "/onss/dossiers/") })
        {
            var (browser, user, _) = await SignedInAsync(role, kind, organisation);
            var page = await browser.SendAsync(BrowserRequests.Page("/console/dossiers/" + id), Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            // The debtor is on the page (the view carries it), never in the address.
            Assert.Contains("85073003328", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            using var api = Api.ClientFor(user);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(path + id, Ct)).StatusCode);

            var entries = (await AuditAsync("dossier.read", user.Id)).Where(e => e.Dossier == id).ToList();
            Assert.Equal(2, entries.Count);
            Assert.Equal(entries[0], entries[1]);
        }
    }

    [Fact]
    public async Task a_communication_the_dossier_does_not_have_is_not_found_and_a_sent_letter_is_neither_retried_nor_abandoned()
    {
        var id = await SubmitAsync("CON-COM-" + Guid.NewGuid().ToString("N")[..8]);
        var (browser, user, token) = await SignedInAsync(Roles.Operator);
        var sent = await PostAsync(browser, token, id, "Send", new() { ["kind"] = "FormalNotice", ["subject"] = "Objet", ["body"] = "Texte" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/console/dossiers/" + id, sent.Headers.Location?.ToString());
        var letter = (await Dossier(id).GetCommunicationsAsync()).Single(c => c.Origin == "operator");
        var before = await FootprintAsync(id);

        foreach (var handler in new[] { "Retry", "Abandon", "Acknowledge" })
        {
            foreach (var unknown in new[] { "c-" + Guid.NewGuid().ToString("N")[..8], " " , new string('c', 65) })
            {
                var response = await PostAsync(browser, token, id, handler, new() { ["communicationId"] = unknown, ["kind"] = "Delivered", ["at"] = Today + "T10:00" });
                var expected = unknown.Trim().Length is 0 or > 64 ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound;
                Assert.True(expected == response.StatusCode, $"{handler} {unknown.Length}: {response.StatusCode}");
                if (expected == HttpStatusCode.NotFound)
                {
                    Assert.Contains("Communication introuvable", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
                }
            }
        }
        foreach (var handler in new[] { "Retry", "Abandon" })
        {
            var response = await PostAsync(browser, token, id, handler, new() { ["communicationId"] = letter.CommunicationId });
            Assert.True(HttpStatusCode.Conflict == response.StatusCode, $"{handler}: {response.StatusCode}");
        }
        Assert.Equal(before, await FootprintAsync(id));
        Assert.Equal(CommunicationStatus.Sent, (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == letter.CommunicationId).Status);
        var outcomes = (await AuditAsync("dossier.read", user.Id)).Where(e => e.Dossier == id && e.Details?.Contains("communication") == true).Select(e => e.Outcome).ToList();
        Assert.Equal(["ok:302", .. Enumerable.Repeat("x", 9).Select((_, i) => i % 3 == 0 ? "not-found:404" : "rejected:400"), "rejected:409", "rejected:409"], outcomes);
    }
}
