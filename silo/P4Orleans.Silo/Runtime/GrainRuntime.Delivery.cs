using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

// Reminder and message turns, started by the reminder poller and the message pump.
public sealed partial class GrainRuntime
{
    private static readonly ConcurrentDictionary<Type, Func<object, object, MessageInfo, Task>> MessageInvokers = new();

    /// <summary>Fires the reminder <paramref name="name"/> of grain <paramref name="id"/> claimed for due time <paramref name="due"/>.</summary>
    internal Task FireReminderAsync(GrainId id, string name, DateTimeOffset due) =>
        WriteAsync<object?>(id, TurnInput.Reminder(name, due), async (grain, input) =>
        {
            if (grain is not IRemindable remindable)
            {
                throw new InvalidOperationException($"Grain type '{id.Type}' has a reminder but does not implement IRemindable.");
            }
            await remindable.ReceiveReminderAsync(new ReminderTick(name, due, _time.GetUtcNow(), input.ReminderPeriod));
            return null;
        });

    /// <summary>Delivers message <paramref name="messageId"/> to <paramref name="target"/>, once.</summary>
    internal Task DeliverMessageAsync(Guid messageId, GrainId target) =>
        WriteAsync<object?>(target, TurnInput.Message(messageId), async (grain, input) =>
        {
            var type = _catalog.MessageType(input.MessageType!);
            var message = JsonSerializer.Deserialize(input.MessagePayload!, type, JsonState.Options)
                ?? throw new InvalidOperationException($"Message {messageId} has an empty payload.");
            var invoke = MessageInvokers.GetOrAdd(type, static t =>
                (Func<object, object, MessageInfo, Task>)typeof(GrainRuntime)
                    .GetMethod(nameof(InvokeReceiver), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(t)
                    .CreateDelegate(typeof(Func<object, object, MessageInfo, Task>)));
            await invoke(grain, message, new MessageInfo(input.MessageId, input.MessageSender, input.MessageSentAt));
            return null;
        });

    private static Task InvokeReceiver<TMessage>(object grain, object message, MessageInfo info) where TMessage : notnull =>
        grain is IReceiveMessage<TMessage> receiver
            ? receiver.ReceiveAsync((TMessage)message, info)
            : throw new InvalidOperationException($"{grain.GetType().Name} does not receive {typeof(TMessage).Name}.");
}
