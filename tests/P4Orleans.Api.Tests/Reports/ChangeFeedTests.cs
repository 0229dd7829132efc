using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Reports;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Reports;

public sealed class ChangeFeedTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_dossier_from_intake_to_purge_shows_every_change_in_the_feed_once_in_order_without_personal_data()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var title = Contrainte("ONSS-FEED-LIFE");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, title);
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var served = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service",
            new ServiceReport(_s.Today, ServiceMode.InPerson, "Marc Vandermeulen", "ACT-1")));
        _s.Clock.SetUtcNow(served.KeyDates.Single(k => k.Name == DossierReminders.Executable).DueAt.AddHours(1));
        await _s.PollRemindersAsync();
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, _s.Today, [new SeizableAsset("Piano Steinway", 800_000)], "ACT-2"));
        _s.Clock.Advance(TimeSpan.FromDays(3));
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/opposition", new OppositionReport(OppositionKind.AdversarialPetition, _s.Today, "Tribunal du travail de Liège"));
        _s.Clock.Advance(TimeSpan.FromDays(30));
        await PostAsync(operators, $"/operators/dossiers/{id}/judgment", new JudgmentReport(JudgmentOutcome.Upheld, _s.Today, null));
        var partial = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payments", new PaymentReport(100_000, _s.Today, PaymentSource.Onss, "PAY-1")));
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/payments", new PaymentReport(partial.Amounts.BalanceCents, _s.Today, PaymentSource.Bailiff, "REC-2"));
        var closed = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/intervention-closure", null));
        _s.Clock.SetUtcNow(closed.KeyDates.Single(k => k.Name == DossierReminders.RetentionExpiry).DueAt.AddMinutes(1));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Purged, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);

        var bodies = new List<string>();
        var (items, next) = await FeedReader.CatchUpAsync(_s, onss, null, 4, bodies);

        // Exactly the journal's rows of the feed's kinds, in their order: nothing skipped, nothing twice.
        await FeedReader.AssertMatchesJournalAsync(_s, items);
        Assert.Equal(items.Count, items.Select(i => i.Position).Distinct().Count());
        var mine = items.Where(i => i.DossierId == id).ToList();
        Assert.All(mine, i => Assert.Equal(title.Reference, i.OnssReference));
        Assert.Equal(mine.OrderBy(i => i.At).Select(i => i.Position), mine.Select(i => i.Position));
        string[] expected =
        [
            JournalKinds.Submitted, JournalKinds.Transition, JournalKinds.Dispatched, JournalKinds.OfficeAccepted, JournalKinds.OfficeServed,
            JournalKinds.DeadlineReached, JournalKinds.SeizureReported, JournalKinds.CostCharged, JournalKinds.OppositionFiled,
            JournalKinds.SeizuresConservatory, JournalKinds.JudgmentRecorded, JournalKinds.PaymentRecorded, JournalKinds.OfficeReleased,
            JournalKinds.InterventionClosed, JournalKinds.PersonalDataPurged,
        ];
        Assert.Empty(expected.Except(mine.Select(i => i.Kind)));

        // The facts ONSS mirrors, in each change.
        var statuses = mine.Where(i => i.Kind == JournalKinds.Transition).Select(i => i.Facts!.Value.GetProperty("to").GetString()).ToList();
        Assert.Equal(["AwaitingDispatch", "Assigned", "Accepted", "Served", "Executable", "Seizure", "Opposed", "Seizure", "Paid", "Purged"], statuses);
        var opposition = Assert.Single(mine, i => i.Kind == JournalKinds.OppositionFiled).Facts!.Value;
        Assert.Equal("Tribunal du travail de Liège", opposition.GetProperty("court").GetString());
        Assert.Equal("Upheld", Assert.Single(mine, i => i.Kind == JournalKinds.JudgmentRecorded).Facts!.Value.GetProperty("outcome").GetString());
        var seizure = Assert.Single(mine, i => i.Kind == JournalKinds.SeizureReported).Facts!.Value;
        Assert.Equal(("Executory", 1), (seizure.GetProperty("nature").GetString(), seizure.GetProperty("assetCount").GetInt32()));
        Assert.Contains(mine, i => i.Kind == JournalKinds.DeadlineReached && i.Facts!.Value.GetProperty("name").GetString() == DossierReminders.Executable);
        Assert.Contains(mine, i => i.Kind == JournalKinds.DeadlineReached && i.Facts!.Value.GetProperty("name").GetString() == DossierReminders.RetentionExpiry);
        Assert.Equal(2, mine.Count(i => i.Kind == JournalKinds.PaymentRecorded));

        // The purge is in the feed although the personal data is gone; the feed never carried any.
        Assert.Equal(JournalKinds.Transition, mine[^1].Kind);
        Assert.Equal(JournalKinds.PersonalDataPurged, mine[^2].Kind);
        var all = string.Join('\n', bodies);
        foreach (var personal in new[] { Debtor.Default.Name, Debtor.Default.Niss, Debtor.Default.Street, Debtor.Default.Iban, "Marc Vandermeulen", "Piano" })
        {
            Assert.DoesNotContain(personal, all, StringComparison.OrdinalIgnoreCase);
        }

        // Read on from the end: nothing, and the same cursor back.
        var end = await FeedReader.PageAsync(onss, next, 10);
        Assert.Empty(end.Items);
        Assert.False(end.More);
        Assert.Equal(next, end.Next);
    }

    [Fact]
    public async Task a_change_committed_after_a_later_one_is_not_skipped_by_a_reader_that_read_the_later_one()
    {
        var onss = await _s.OnssAsync();
        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var (_, start) = await FeedReader.CatchUpAsync(_s, onss, null, 100);

        // A takes its transaction id first but writes last; B writes and commits in between; C writes first and commits last.
        await using var a = await db.OpenConnectionAsync(Ct);
        await using var ta = await a.BeginTransactionAsync(Ct);
        await using (var assign = new NpgsqlCommand("SELECT pg_current_xact_id()", a, ta))
        {
            await assign.ExecuteScalarAsync(Ct);
        }

        await using var c = await db.OpenConnectionAsync(Ct);
        await using var tc = await c.BeginTransactionAsync(Ct);
        var positionC = await FeedReader.InsertAsync(_s, c, tc, "held-c", 1);
        await using var b = await db.OpenConnectionAsync(Ct);
        await using var tb = await b.BeginTransactionAsync(Ct);
        var positionB = await FeedReader.InsertAsync(_s, b, tb, "held-b", 1);
        var positionA = await FeedReader.InsertAsync(_s, a, ta, "held-a", 1);
        Assert.True(positionC < positionB && positionB < positionA);

        // B committed while A and C are open: a feed by position alone would give B now, and skip C for ever.
        await tb.CommitAsync(Ct);
        var whileOpen = await FeedReader.PageAsync(onss, start, 100);
        Assert.Empty(whileOpen.Items);
        Assert.Equal(start, whileOpen.Next);

        // A committed: its row is readable (C, still open, is younger); C's and B's are not yet.
        await ta.CommitAsync(Ct);
        var afterA = await FeedReader.PageAsync(onss, start, 100);
        for (var i = 0; i < 500 && afterA.Items.Count == 0; i++)
        {
            await Task.Delay(10, Ct);
            afterA = await FeedReader.PageAsync(onss, start, 100);
        }

        Assert.Equal(["held-a"], afterA.Items.Select(i => i.DossierId));
        var cursor = afterA.Next;

        await tc.CommitAsync(Ct);
        var (rest, _) = await FeedReader.CatchUpAsync(_s, onss, cursor, 1);
        Assert.Equal(["held-c", "held-b"], rest.Select(i => i.DossierId));
        var (items, _) = await FeedReader.CatchUpAsync(_s, onss, start, 1);
        Assert.Equal(["held-a", "held-c", "held-b"], items.Select(i => i.DossierId));
        Assert.Equal([positionA, positionC, positionB], items.Select(i => FeedReader.Cursor(i).Position));
    }

    [Fact]
    public async Task concurrent_writers_and_a_reader_paging_meanwhile_see_every_change_once_in_order()
    {
        var onss = await _s.OnssAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await _s.SubmitAsync(onss, Contrainte($"ONSS-FEED-CONC-{i}", Debtor.Default with { Niss = Niss(100 + i) })));
        }

        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var read = new List<ChangeFeedItem>();
        string? cursor = null;
        using var writersDone = new CancellationTokenSource();

        // Payments through the gateway on four dossiers at once, and raw writers holding their transactions across reads.
        var payments = ids.SelectMany(id => Enumerable.Range(1, 6).Select(n => (id, n))).Select(async p =>
        {
            await PostAsync(onss, $"/onss/dossiers/{p.id}/payments", new PaymentReport(1_000 + p.n, _s.Today, PaymentSource.Onss, $"PAY-{p.n}"));
        });
        var holders = Enumerable.Range(1, 6).Select(async n =>
        {
            await using var conn = await db.OpenConnectionAsync(Ct);
            await using var tx = await conn.BeginTransactionAsync(Ct);
            await FeedReader.InsertAsync(_s, conn, tx, $"raw-{n}", 1);
            // Holds the transaction until the reader has read a few pages past it.
            var seen = read.Count;
            for (var i = 0; i < 200 && read.Count < seen + n; i++)
            {
                await Task.Yield();
                await FeedReader.InsertAsync(_s, conn, tx, $"raw-{n}", i + 2);
            }

            await tx.CommitAsync(Ct);
        });
        var writers = Task.WhenAll(payments.Concat(holders));
        while (!writers.IsCompleted)
        {
            var page = await FeedReader.PageAsync(onss, cursor, 5);
            lock (read)
            {
                read.AddRange(page.Items);
            }

            cursor = page.Next;
        }

        await writers;
        var (rest, _) = await FeedReader.CatchUpAsync(_s, onss, cursor, 5);
        read.AddRange(rest);

        var journal = await FeedReader.JournalAsync(_s);
        Assert.Equal(journal, read.Select(FeedReader.Cursor));
        Assert.Equal(24, read.Count(i => i.Kind == JournalKinds.PaymentRecorded && ids.Contains(i.DossierId)));
        Assert.True(read.Count(i => i.DossierId.StartsWith("raw-", StringComparison.Ordinal)) >= 6);
    }

    [Fact]
    public async Task titles_of_a_bulk_file_are_in_the_feed_with_their_references()
    {
        var onss = await _s.OnssAsync();
        var titles = Enumerable.Range(1, 3).Select(i => Contrainte($"ONSS-FEED-BULK-{i}", Debtor.Default with { Niss = Niss(200 + i) })).ToList();
        var file = string.Join('\n', titles.Select(t => System.Text.Json.JsonSerializer.Serialize(t, Json))) + "\n";
        var (lines, _, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson(file));
        Assert.All(lines, l => Assert.Equal("accepted", BulkIntake.Outcome(l)));

        var (items, _) = await FeedReader.CatchUpAsync(_s, onss, null, 2);
        var submitted = items.Where(i => i.Kind == JournalKinds.Submitted).ToList();
        Assert.Equal(titles.Select(t => t.Reference).Order(), submitted.Select(i => i.OnssReference!).Order());
        await FeedReader.AssertMatchesJournalAsync(_s, items);
        Assert.All(submitted, i => Assert.Contains(items, t => t.DossierId == i.DossierId && t.Kind == JournalKinds.Transition));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("!!!!")]
    [InlineData("YzEuMS4x=")]
    [InlineData("c1.1.1")]
    [InlineData("b64:YzEuMS4x")]
    public async Task a_cursor_the_feed_did_not_give_is_a_400_problem(string after)
    {
        var onss = await _s.OnssAsync();
        var response = await onss.GetAsync($"/onss/changes?after={Uri.EscapeDataString(after)}", Ct);
        await ExpectProblemAsync(response, "after");
    }

    [Theory]
    [InlineData("c2.1.1")]
    [InlineData("c1.-1.1")]
    [InlineData("c1.1.-1")]
    [InlineData("c1.01.1")]
    [InlineData("c1.18446744073709551616.1")]
    [InlineData("c1.1")]
    [InlineData("c1.1.1.1")]
    public async Task a_forged_cursor_is_a_400_problem(string text)
    {
        var onss = await _s.OnssAsync();
        var forged = Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await ExpectProblemAsync(await onss.GetAsync($"/onss/changes?after={forged}", Ct), "after");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task a_page_size_out_of_bounds_is_a_400_problem(int limit)
    {
        var onss = await _s.OnssAsync();
        await ExpectProblemAsync(await onss.GetAsync($"/onss/changes?limit={limit}", Ct), "limit");
    }

    [Fact]
    public async Task only_onss_reads_the_feed_and_every_read_is_audited()
    {
        var onss = await _s.OnssAsync();
        await ExpectAsync(await onss.GetAsync("/onss/changes", Ct), HttpStatusCode.OK);
        foreach (var other in new[] { await _s.OperatorAsync(), await _s.BailiffAsync("liege-a"), await _s.AuditorAsync() })
        {
            await ExpectAsync(await other.GetAsync("/onss/changes", Ct), HttpStatusCode.Forbidden);
        }

        var outcomes = await ReportTests.AuditOutcomesAsync(_s, "onss.changes");
        Assert.Equal(["denied:403", "denied:403", "denied:403", "ok:200"], outcomes.Order());
    }

    internal static async Task ExpectProblemAsync(HttpResponseMessage response, string? field)
    {
        await ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (field is not null)
        {
            Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
        }
    }
}
