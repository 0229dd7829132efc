using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;
using static P4Orleans.Api.Tests.Finance.FinanceScenario;

namespace P4Orleans.Api.Tests.Finance;

public sealed class ChamberFunctionTests : IAsyncLifetime
{
    private readonly Scenario _s = Create();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private async Task<HttpClient> ChamberAsync() => _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));

    private async Task<(User User, string Nrn, HttpClient Client)> PersonAsync(string officeId, string role = Roles.Bailiff)
    {
        var nrn = _s.Api.NextNationalNumber();
        var user = await _s.Api.Registry.AddAsync(new NewUser(nrn, "Person of the roster", OrganisationKind.BailiffOffice, officeId, [role]), Ct);
        return (user, nrn, _s.Api.ClientFor(user));
    }

    private static async Task RegisterAsync(HttpClient chamber, string officeId, string arrondissementId)
    {
        var response = await chamber.PutAsJsonAsync($"/chamber/offices/{officeId}",
            new { name = "Étude " + officeId, chamberNumber = "CH-" + officeId, arrondissementId, capacity = 10 }, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_bailiff_who_becomes_a_clerk_loses_the_bailiffs_rights_at_the_next_request_and_a_move_of_office_changes_their_dossiers()
    {
        var chamber = await ChamberAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        await RegisterAsync(chamber, "ch-b", "namur");
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var (dossier, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-CH-1", Debtor.Default with { Niss = Niss(640) }));
        var (user, nrn, person) = await PersonAsync("ch-a");
        await ExpectAsync(await person.GetAsync("/bailiff/offices/ch-a/remittances/2026-03", Ct), HttpStatusCode.OK);

        var clerk = await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = nrn, function = "Clerk", officeId = "ch-a" });
        var body = await clerk.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["BailiffClerk"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(nrn, await clerk.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The same token, the next request: the registry answers, not the token.
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/bailiff/offices/ch-a/remittances/2026-03", Ct)).StatusCode);
        await ExpectAsync(await person.GetAsync($"/bailiff/dossiers/{dossier}", Ct), HttpStatusCode.OK);

        // Back to bailiff, in another office: the first office's dossier and accounts are gone, the new office's are there.
        await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = nrn, function = "Bailiff", officeId = "ch-b" });
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/bailiff/dossiers/{dossier}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync("/bailiff/offices/ch-a/remittances/2026-03", Ct)).StatusCode);
        await ExpectAsync(await person.GetAsync("/bailiff/offices/ch-b/remittances/2026-03", Ct), HttpStatusCode.OK);
        var after = await _s.Api.Registry.FindAsync(user.Id, Ct);
        Assert.Equal(("ch-b", Roles.Bailiff), (after!.OrganisationId, Assert.Single(after.Roles)));
        Assert.Equal(2, await ScalarAsync(_s,
            "SELECT count(*) FROM audit_log WHERE action = 'users.function-changed' AND resource = $1 AND details::jsonb -> 'before' ->> 'organisation' = 'ch-a'",
            $"user/{user.Id}"));
        Assert.Equal(2, await ScalarAsync(_s, "SELECT count(*) FROM audit_log WHERE action = 'chamber.function-change' AND outcome = 'ok:200'"));
    }

    [Fact]
    public async Task an_office_that_moves_to_another_arrondissement_gives_back_the_dossiers_it_is_no_longer_competent_for()
    {
        var chamber = await ChamberAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var (first, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-CH-M1", Debtor.Default with { Niss = Niss(641) }));
        var (second, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-CH-M2", Debtor.Default with { Niss = Niss(642) }));
        var bailiff = await _s.BailiffAsync("ch-a");
        await PostAsync(bailiff, $"/bailiff/dossiers/{first}/acceptance", null);
        await RegisterAsync(chamber, "ch-c", Liege);

        // A change of name or capacity moves nothing; a move to Namur does.
        await RegisterAsync(chamber, "ch-a", Liege);
        await _s.PollMessagesAsync();
        Assert.Equal("ch-a", (await ViewAsync(operators, $"/operators/dossiers/{first}")).AssignedOfficeId);
        await RegisterAsync(chamber, "ch-a", "namur");
        await _s.PollMessagesAsync();
        foreach (var id in new[] { first, second })
        {
            var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
            Assert.Equal(DossierStatus.AwaitingDispatch, view.Status);
            Assert.Null(view.AssignedOfficeId);
        }

        await _s.DispatchAsync();
        Assert.Equal("ch-c", (await ViewAsync(operators, $"/operators/dossiers/{first}")).AssignedOfficeId);
        Assert.Equal("ch-c", (await ViewAsync(operators, $"/operators/dossiers/{second}")).AssignedOfficeId);
        Assert.Equal(0, (await OfficeAsync(operators, "ch-a")).Load);
    }

    [Fact]
    public async Task a_person_who_leaves_is_refused_at_the_next_request_within_one_second()
    {
        var chamber = await ChamberAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        var (user, nrn, person) = await PersonAsync("ch-a");
        var (_, _, colleague) = await PersonAsync("ch-a", Roles.BailiffClerk);
        await ExpectAsync(await person.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);

        var clock = Stopwatch.StartNew();
        var departed = await PostAsync(chamber, "/chamber/persons/departure", new { nationalNumber = nrn });
        var refused = await person.GetAsync("/bailiff/dossiers", Ct);
        var elapsed = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the departure took {elapsed.TotalMilliseconds} ms to take effect");
        Assert.Equal("Revoked", (await departed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal(UserStatus.Revoked, (await _s.Api.Registry.FindAsync(user.Id, Ct))!.Status);
        await ExpectAsync(await colleague.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);

        // A revoked account is not brought back by a later change of function.
        await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = nrn, function = "Clerk", officeId = "ch-a" }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/bailiff/dossiers", Ct)).StatusCode);
    }

    [Fact]
    public async Task the_yearly_security_report_counts_the_chambers_changes_of_function_and_departures_of_persons()
    {
        var chamber = await ChamberAsync();
        var coordinator = await _s.AuditorAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        await RegisterAsync(chamber, "ch-b", Liege);
        var (_, moved, _) = await PersonAsync("ch-a");
        var (_, leaving, _) = await PersonAsync("ch-a");
        var before = await ChamberLineAsync(coordinator);

        await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = moved, function = "Clerk", officeId = "ch-b" });
        await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = moved, function = "Bailiff", officeId = "ch-b" });
        await PostAsync(chamber, "/chamber/persons/departure", new { nationalNumber = leaving });
        // Refused changes are not counted: a revoked account does not come back.
        await PostAsync(chamber, "/chamber/persons/function", new { nationalNumber = leaving, function = "Clerk", officeId = "ch-a" }, HttpStatusCode.Conflict);

        var after = await ChamberLineAsync(coordinator);
        Assert.Equal(before.Functions + 2, after.Functions);
        Assert.Equal(before.Departures + 1, after.Departures);
    }

    private static async Task<(int Functions, int Departures)> ChamberLineAsync(HttpClient coordinator)
    {
        var report = await (await coordinator.GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct);
        var match = System.Text.RegularExpressions.Regex.Match(report,
            @"changes of a person's function or office: (\d+); departures of persons: (\d+)");
        Assert.True(match.Success, report);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task an_office_that_leaves_locks_out_all_its_users_within_one_second()
    {
        var chamber = await ChamberAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        var people = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            people.Add((await PersonAsync("ch-a", i == 0 ? Roles.Bailiff : Roles.BailiffClerk)).Client);
        }

        var clock = Stopwatch.StartNew();
        await PostAsync(chamber, "/chamber/offices/ch-a/departure", null);
        foreach (var person in people)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/bailiff/dossiers", Ct)).StatusCode);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the departure took {clock.Elapsed.TotalMilliseconds} ms to lock out the office");
    }

    [Theory]
    [InlineData("{\"nationalNumber\":\"12345678901\",\"function\":\"Clerk\",\"officeId\":\"ch-a\"}", HttpStatusCode.BadRequest, "nationalNumber")]
    [InlineData("{\"nationalNumber\":\"NRN\",\"function\":\"Notary\",\"officeId\":\"ch-a\"}", HttpStatusCode.BadRequest, "function")]
    [InlineData("{\"nationalNumber\":\"NRN\",\"function\":\"Clerk\",\"officeId\":\"  \"}", HttpStatusCode.BadRequest, "officeId")]
    [InlineData("{\"nationalNumber\":\"NRN\",\"function\":\"Clerk\",\"officeId\":\"no-such-office\"}", HttpStatusCode.NotFound, "")]
    [InlineData("{\"nationalNumber\":\"NRN\",\"function\":\"Clerk\",\"officeId\":\"ch-gone\"}", HttpStatusCode.Conflict, "")]
    [InlineData("{\"nationalNumber\":\"UNREGISTERED\",\"function\":\"Clerk\",\"officeId\":\"ch-a\"}", HttpStatusCode.NotFound, "")]
    [InlineData("{\"nationalNumber\":\"OPERATOR\",\"function\":\"Bailiff\",\"officeId\":\"ch-a\"}", HttpStatusCode.Conflict, "")]
    public async Task a_bad_change_of_function_is_a_problem_and_changes_nobody(string template, HttpStatusCode status, string field)
    {
        var chamber = await ChamberAsync();
        await RegisterAsync(chamber, "ch-a", Liege);
        await RegisterAsync(chamber, "ch-gone", Liege);
        await PostAsync(chamber, "/chamber/offices/ch-gone/departure", null);
        var (user, nrn, _) = await PersonAsync("ch-a");
        var operatorNrn = _s.Api.NextNationalNumber();
        var operatorUser = await _s.Api.Registry.AddAsync(new NewUser(operatorNrn, "Operator", OrganisationKind.Concessionaire, "concessionaire", [Roles.Operator]), Ct);
        var body = template.Replace("UNREGISTERED", _s.Api.NextNationalNumber(), StringComparison.Ordinal)
            .Replace("OPERATOR", operatorNrn, StringComparison.Ordinal).Replace("NRN", nrn, StringComparison.Ordinal);

        var response = await chamber.PostAsync("/chamber/persons/function", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(("ch-a", Roles.Bailiff), ((await _s.Api.Registry.FindAsync(user.Id, Ct))!.OrganisationId, Assert.Single((await _s.Api.Registry.FindAsync(user.Id, Ct))!.Roles)));
        Assert.Equal(OrganisationKind.Concessionaire, (await _s.Api.Registry.FindAsync(operatorUser.Id, Ct))!.OrganisationKind);
        Assert.Equal(0, await ScalarAsync(_s, "SELECT count(*) FROM audit_log WHERE action = 'users.function-changed'"));
    }
}
