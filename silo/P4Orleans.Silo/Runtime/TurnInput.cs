using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

internal enum TurnKind
{
    Call,
    Reminder,
    Message,
}

/// <summary>What started a turn. Reminder and message turns fill in what they read under the grain's lock.</summary>
internal sealed class TurnInput
{
    public static readonly TurnInput Call = new() { Kind = TurnKind.Call };

    public TurnKind Kind { get; private init; }

    public string ReminderName { get; private init; } = "";
    public DateTimeOffset ReminderDue { get; private init; }
    public TimeSpan? ReminderPeriod { get; set; }

    public Guid MessageId { get; private init; }
    public string? MessageType { get; set; }
    public string? MessagePayload { get; set; }
    public GrainId? MessageSender { get; set; }
    public DateTimeOffset MessageSentAt { get; set; }

    public static TurnInput Reminder(string name, DateTimeOffset due) =>
        new() { Kind = TurnKind.Reminder, ReminderName = name, ReminderDue = due };

    public static TurnInput Message(Guid id) => new() { Kind = TurnKind.Message, MessageId = id };
}
