using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Domain.Orleans;
using P4Orleans.Recovery.Vault;

namespace P4Orleans.Recovery.Intake;

// One line of a bulk file into a candidate row, or its refusal: any failure of that line stays that line's.
public sealed partial class IntakeService
{
    private const int MaxMessageLength = 500;

    // What the storage write keeps out of a stored row, left out of a row written here when empty (always, once split off).
    private static readonly HashSet<string> PendingLists = new(StringComparer.Ordinal) { "pendingJournal", "pendingTimeline", "pendingKeyDateTexts" };

    /// <summary>The state's JSON as the storage stores it: <see cref="StateJson.Options"/> without the empty pending lists.</summary>
    private static readonly JsonSerializerOptions RowJson = CreateRowJson();

    private static JsonSerializerOptions CreateRowJson()
    {
        var options = new JsonSerializerOptions(StateJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type != typeof(DossierState))
                        {
                            return;
                        }
                        foreach (var property in info.Properties.Where(p => PendingLists.Contains(p.Name)))
                        {
                            property.ShouldSerialize = static (_, value) => value is System.Collections.ICollection { Count: > 0 };
                        }
                    },
                },
            },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>A line made into the rows of a new dossier, stamped with the instant it was taken in (<paramref name="Now"/>).</summary>
    private sealed record Candidate(int Line, TitleSubmission Submission, string Reference, string DossierId, IntakeAccepted Accepted,
        byte[] WrappedKey, byte[] StateJson, IReadOnlyList<(string Kind, byte[] Json)> Journal,
        IReadOnlyList<(long Seq, byte[] Json)> Timeline, IReadOnlyList<(string Name, KeyDateText Text)> KeyDateTexts,
        IReadOnlyList<(long Seq, byte[] Json)> Ledger, DateTimeOffset Now, UInt128 Hash);

    /// <summary>A line as prepared on a worker: its candidate, or its refusal.</summary>
    private readonly record struct PreparedLine(int Line, Candidate? Candidate, IntakeLineResult? Refused);

    /// <summary>Raised after a chunk of new dossiers commits: a hint to wake the dispatcher.</summary>
    public event Action? DossiersCreated;

    /// <summary>The lines of one chunk, in line order: new dossiers to write and lines already answered.</summary>
    private sealed class ChunkBuilder
    {
        public List<Candidate> Candidates { get; } = [];

        public List<IntakeLineResult> Refused { get; } = [];

        public int Lines => Candidates.Count + Refused.Count;

        public void Refuse(IntakeLineResult result) => Refused.Add(Safe(result));
    }

    /// <summary>
    /// Prepares one line on whichever thread runs it: nothing here depends on another line (the repeats within the file
    /// are told apart in line order, by <see cref="Take"/>). Any failure of the line is that line's refusal.
    /// </summary>
    private PreparedLine PrepareLine(int line, ReadOnlySpan<byte> utf8, DateTimeOffset now)
    {
        string? reference = null;
        try
        {
            return Prepare(line, utf8, now, ref reference, out var refused) is { } candidate
                ? new PreparedLine(line, candidate, null)
                : new PreparedLine(line, null, refused);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the title makes the code throw (an overflowing sum, an unforeseen null): that line is rejected, not the file.
            return new PreparedLine(line, null, Rejected(line, reference, "title", $"The title could not be taken in ({e.GetType().Name})."));
        }
    }

    /// <summary>
    /// Adds a prepared line to the chunk, in line order: a reference already taken earlier in the file is a duplicate
    /// (same title) or a conflict (another title), whatever thread prepared either line.
    /// </summary>
    private static void Take(ChunkBuilder chunk, PreparedLine prepared, Dictionary<string, UInt128> seen)
    {
        if (prepared.Candidate is not { } candidate)
        {
            chunk.Refuse(prepared.Refused!);
            return;
        }
        if (seen.TryGetValue(candidate.Reference, out var earlier))
        {
            chunk.Refuse(earlier == candidate.Hash
                ? new IntakeLineResult(candidate.Line, candidate.Reference, LineOutcome.Duplicate, candidate.DossierId)
                : Rejected(candidate.Line, candidate.Reference, "reference", "The same reference appears earlier in this file with a different title (conflict)."));
            return;
        }
        seen[candidate.Reference] = candidate.Hash;
        chunk.Candidates.Add(candidate);
    }

    private Candidate? Prepare(int line, ReadOnlySpan<byte> utf8, DateTimeOffset now, ref string? reference, out IntakeLineResult? refused)
    {
        refused = null;
        TitleSubmission? submission;
        try
        {
            // Straight from the UTF-8 bytes: no string of the line is made.
            submission = JsonSerializer.Deserialize<TitleSubmission>(utf8, Json);
        }
        catch (JsonException e)
        {
            // The parser's message names the path and position, never the content.
            refused = Rejected(line, null, "line", "Not a title in JSON: " + e.Message);
            return null;
        }
        if (submission is null || string.IsNullOrWhiteSpace(submission.Reference))
        {
            refused = Rejected(line, null, "reference", "ONSS's reference of the title is required.");
            return null;
        }
        reference = submission.Reference.Trim();
        var id = DossierIds.FromReference(reference);
        var result = DossierIntake.Intake(submission, new IntakeContext(id, now, law, options));
        if (result.Accepted is not { } accepted)
        {
            refused = new IntakeLineResult(line, reference, LineOutcome.Rejected, null, result.Errors);
            return null;
        }
        var hash = BinaryPrimitives.ReadUInt128BigEndian(Convert.FromHexString(accepted.State.PayloadHash));
        var (key, wrapped) = vault.NewKey();
        try
        {
            accepted.Seal(PersonalDataVault.Seal(key, id, accepted.PersonalData));
        }
        finally
        {
            // A fresh key is needed only to seal: it is not cached, and not left in memory.
            CryptographicOperations.ZeroMemory(key);
        }
        // The state carries its deadlines and the number of its journal entries (COPYed beside it, seq 1..n).
        foreach (var reminder in accepted.Reminders)
        {
            accepted.State.WakeUps[reminder.Name] = reminder.DueAt;
        }

        accepted.State.JournalSeq = accepted.Journal.Count;
        // Straight to UTF-8 (what jsonb is sent as): no UTF-16 string of the state or of an entry, twice its size.
        var journal = new (string Kind, byte[] Json)[accepted.Journal.Count];
        for (var i = 0; i < journal.Length; i++)
        {
            var entry = accepted.Journal[i];
            journal[i] = (entry.Kind, JsonSerializer.SerializeToUtf8Bytes(entry.Data, entry.Data.GetType(), StateJson.Options));
        }
        // The timeline, the dates' reasons and the ledger's entries go to their own tables, as the storage write puts them: split here, so that
        // PostgreSQL receives each row as it is stored and never takes a document apart (see WriteRowsAsync).
        var state = accepted.State;
        var timeline = new (long Seq, byte[] Json)[state.PendingTimeline.Count];
        for (var i = 0; i < timeline.Length; i++)
        {
            timeline[i] = (state.PendingTimeline[i].Seq, JsonSerializer.SerializeToUtf8Bytes(state.PendingTimeline[i], StateJson.Options));
        }
        var texts = state.PendingKeyDateTexts.Select(t => (t.Key, t.Value)).ToArray();
        var ledger = new (long Seq, byte[] Json)[state.Ledger.Entries.Count];
        for (var i = 0; i < ledger.Length; i++)
        {
            ledger[i] = (state.Ledger.FirstHeldSeq + i, JsonSerializer.SerializeToUtf8Bytes(state.Ledger.Entries[i], StateJson.Options));
        }
        state.PendingTimeline.Clear();
        state.PendingKeyDateTexts.Clear();
        state.Ledger = state.Ledger.Stored();
        return new Candidate(line, submission, reference, id, accepted, wrapped, JsonSerializer.SerializeToUtf8Bytes(state, RowJson), journal,
            timeline, texts, ledger, now, hash);
    }

    private static IntakeLineResult Rejected(int line, string? reference, string field, string message) =>
        new(line, reference, LineOutcome.Rejected, null, [new ValidationError(field, message)]);

    /// <summary>
    /// What is stored and sent of a line: control characters (a NUL cannot go into jsonb) replaced, messages cut,
    /// a reference kept only when it is short, so that no input, however crafted, breaks the writing of results.
    /// </summary>
    private static IntakeLineResult Safe(IntakeLineResult r) => r with
    {
        Reference = r.Reference is { Length: <= 128 } reference ? Clean(reference, 128) : null,
        Errors = r.Errors?.Select(e => new ValidationError(Clean(e.Field, 200), Clean(e.Message, MaxMessageLength))).ToList(),
    };

    private static string Clean(string text, int max)
    {
        var cut = text.Length > max ? text[..max] : text;
        return cut.Any(char.IsControl) || cut.Any(char.IsSurrogate)
            ? string.Create(cut.Length, cut, (span, s) =>
            {
                for (var i = 0; i < s.Length; i++)
                {
                    span[i] = char.IsControl(s[i]) || char.IsSurrogate(s[i]) ? '\uFFFD' : s[i];
                }
            })
            : cut;
    }
}
