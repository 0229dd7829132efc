using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>
/// Every example of a request body in the document is valid: sent as written, by a caller holding the operation's
/// first role (from <c>x-roles</c>), on a fresh dossier accepted by its office, it gets no 400 (nor 413, 415, 422 or
/// a 5xx). A 409 is the resource's state, not the example: a judgment without an opposition, for instance.
/// </summary>
public sealed class OpenApiExampleTests : IAsyncLifetime
{
    private const string Office = "office-liege-1";
    private readonly Scenario _s = new();
    private readonly Dictionary<string, HttpClient> _clients = [];
    private int _titles;

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task every_request_body_example_is_accepted_as_written_without_a_400()
    {
        await PrepareAsync();
        var document = await _clients[Roles.Operator].GetFromJsonAsync<JsonElement>(OpenApiReference.DocumentPath, Ct);
        var operations = OpenApiDocumentWalkTests.Operations(document).Where(o => o.Examples.Count > 0).ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations have an example");
        var outcomes = new List<string>();
        var failures = new List<string>();
        var accepted = 0;
        foreach (var op in operations)
        {
            var (mediaType, example) = op.Examples[0];
            var role = op.Roles.FirstOrDefault(r => _clients.ContainsKey(r)) ?? Roles.Operator;
            var path = await RouteAsync(op.Path);
            using var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), path)
            {
                // A JSON body as written; a text body (a bulk file's NDJSON lines) as the string it is.
                Content = new StringContent(example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText(), Encoding.UTF8, mediaType),
            };
            var response = await _clients[role].SendAsync(request, Ct);
            var status = (int)response.StatusCode;
            outcomes.Add($"{op} as {role}: {status}" + (status >= 300 ? " " + await response.Content.ReadAsStringAsync(Ct) : ""));
            if (status is >= 200 and < 300)
            {
                accepted++;
            }
            else if (status != (int)HttpStatusCode.Conflict)
            {
                failures.Add($"{op} as {role} on {path}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Most examples do what they say on a dossier just accepted; the few 409s are commands that need a prior event.
        Assert.True(accepted >= operations.Count * 2 / 3, $"only {accepted} of {operations.Count} examples succeeded:\n" + string.Join("\n", outcomes));
    }

    // A fresh dossier per operation (one example must not close the dossier the next one acts on), the example's
    // office, and a user of its own for the registry's operations (an example may suspend it).
    private async Task<string> RouteAsync(string template)
    {
        // A closed month (the scenario starts on 2 March 2026): its statement takes receipts.
        var path = template.Replace("{officeId}", Office, StringComparison.Ordinal).Replace("{period}", "2026-02", StringComparison.Ordinal);
        path = path.Replace("{year}", "2026", StringComparison.Ordinal);
        if (path.StartsWith("/security/campaigns/{id}", StringComparison.Ordinal))
        {
            // A campaign's findings are recorded on a campaign.
            var opened = await _clients[Roles.SecurityCoordinator].PostAsJsonAsync("/security/campaigns",
                new P4Orleans.Api.Compliance.NewCampaign("Example", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), null, 1, 1), Json, Ct);
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            path = path.Replace("{id}", (await opened.Content.ReadFromJsonAsync<P4Orleans.Api.Compliance.Campaign>(Json, Ct))!.Id.ToString(), StringComparison.Ordinal);
        }
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            // Certificates are registered for the systems of ONSS and the Chamber only.
            var role = path.EndsWith("/certificates", StringComparison.Ordinal) ? Roles.OnssAgent : Roles.Operator;
            path = path.Replace("{id}", (await _s.Api.UserAsync(role)).Id.ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{dossierId}", StringComparison.Ordinal))
        {
            var (dossierId, office) = await _s.SubmitAndDispatchAsync(_clients[Roles.OnssAgent], _clients[Roles.Operator], Contrainte($"ONSS-EX-{++_titles}"));
            Assert.Equal(Office, office);
            Assert.Equal(HttpStatusCode.OK, (await _clients[Roles.Bailiff].PostAsync($"/bailiff/dossiers/{dossierId}/acceptance", null, Ct)).StatusCode);
            path = path.Replace("{dossierId}", dossierId, StringComparison.Ordinal);
            if (path.Contains("/disputes/{disputeId}", StringComparison.Ordinal))
            {
                // The dispute the example acts on: raised by ONSS (a decision then needs an assignment first: a 409).
                Assert.Equal(HttpStatusCode.OK, (await _clients[Roles.OnssAgent].PostAsJsonAsync($"/onss/dossiers/{dossierId}/disputes",
                    new AmicableDisputeReport(DisputeGround.ContestedAmount, DisputeParty.Debtor, _s.Today), Json, Ct)).StatusCode);
                path = path.Replace("{disputeId}", "A1", StringComparison.Ordinal);
            }
            else if (path.Contains("/judicial-disputes/{disputeId}", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.OK, (await _clients[Roles.Operator].PostAsJsonAsync($"/operators/dossiers/{dossierId}/judicial-disputes",
                    new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies de Liège", _s.Today), Json, Ct)).StatusCode);
                path = path.Replace("{disputeId}", "J1", StringComparison.Ordinal);
            }
            else if (path.Contains("{communicationId}", StringComparison.Ordinal))
            {
                // The communication the example acts on: sent by an operator (its id is the one answered).
                var sent = await _clients[Roles.Operator].PostAsJsonAsync($"/operators/dossiers/{dossierId}/communications",
                    new CommunicationRequest(CommunicationKind.FormalNotice, "Mise en demeure", "Texte."), Json, Ct);
                Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
                var view = (await sent.Content.ReadFromJsonAsync<CommunicationView>(Json, Ct))!;
                path = path.Replace("{communicationId}", view.CommunicationId, StringComparison.Ordinal);
                // The acknowledgement's example is dated 10:00 on the scenario's first day: after the sending, and
                // in the past once the clock has passed it.
                var acknowledged = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
                if (_s.Clock.GetUtcNow() <= acknowledged)
                {
                    _s.Clock.SetUtcNow(acknowledged.AddMinutes(30));
                }
            }
        }

        Assert.DoesNotContain('{', path);
        return path;
    }

    private async Task PrepareAsync()
    {
        _clients[Roles.OnssAgent] = await _s.OnssAsync();
        _clients[Roles.Operator] = await _s.OperatorAsync();
        _clients[Roles.Bailiff] = await _s.BailiffAsync(Office);
        _clients[Roles.ChamberFeed] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));
        _clients[Roles.UserRegistrar] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.UserRegistrar));
        _clients[Roles.SecurityCoordinator] = await _s.AuditorAsync();
        _clients[Roles.Ops] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        // Room for the dossier of every operation (a full office would send the next one to a manual decision).
        await _s.RegisterOfficeAsync(_clients[Roles.Operator], Office, capacity: 1000);
        // The person the Chamber's examples change and let go.
        await _s.Api.Registry.AddAsync(new NewUser(OpenApiExamples.ExampleRosterNiss, "Roster bailiff", OrganisationKind.BailiffOffice, Office,
            [Roles.Bailiff]), Ct);
    }
}
