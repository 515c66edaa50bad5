// The MessagePack timestamp extension value (type -1): seconds since 1970-01-01T00:00:00Z plus nanoseconds.
// It covers the 96-bit form's whole range, which DateTime does not; conversions to DateTime check the range.
using System;
using System.Globalization;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>An instant as the MessagePack timestamp extension stores it (UTC, nanosecond resolution).</summary>
    public readonly struct MessagePackTimestamp : IEquatable<MessagePackTimestamp>
    {
        private const long UnixEpochTicks = 621355968000000000L;
        private const long TicksPerSecond = 10_000_000L;
        private const uint NanosecondsPerTick = 100;

        /// <param name="seconds">Seconds since the Unix epoch (negative before 1970).</param>
        /// <param name="nanoseconds">0 to 999,999,999, added to <paramref name="seconds"/>.</param>
        public MessagePackTimestamp(long seconds, uint nanoseconds)
        {
            if (nanoseconds > 999_999_999u)
                throw new ArgumentOutOfRangeException(nameof(nanoseconds), $"Nanoseconds must be below 10^9 (got {nanoseconds}).");
            Seconds = seconds;
            Nanoseconds = nanoseconds;
        }

        /// <summary>Seconds since 1970-01-01T00:00:00Z.</summary>
        public long Seconds { get; }

        /// <summary>0 to 999,999,999.</summary>
        public uint Nanoseconds { get; }

        /// <summary>The instant of a DateTime (local times are converted to UTC; 100 ns resolution).</summary>
        public static MessagePackTimestamp FromDateTime(DateTime value)
        {
            long ticks = value.ToUniversalTime().Ticks - UnixEpochTicks;
            long seconds = ticks / TicksPerSecond;
            long rest = ticks % TicksPerSecond;
            if (rest < 0)
            {
                seconds--;
                rest += TicksPerSecond;
            }
            return new MessagePackTimestamp(seconds, (uint)rest * NanosecondsPerTick);
        }

        /// <summary>The instant as a UTC DateTime, truncated to 100 ns.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Before year 1 or after year 9999.</exception>
        public DateTime ToDateTime()
        {
            const long minSeconds = -UnixEpochTicks / TicksPerSecond;
            long maxSeconds = (DateTime.MaxValue.Ticks - UnixEpochTicks) / TicksPerSecond;
            if (Seconds < minSeconds || Seconds > maxSeconds)
                throw new ArgumentOutOfRangeException(nameof(Seconds), $"Timestamp {this} is outside DateTime's range.");
            return new DateTime(UnixEpochTicks + Seconds * TicksPerSecond + Nanoseconds / NanosecondsPerTick, DateTimeKind.Utc);
        }

        public bool Equals(MessagePackTimestamp other) => Seconds == other.Seconds && Nanoseconds == other.Nanoseconds;

        public override bool Equals(object? obj) => obj is MessagePackTimestamp t && Equals(t);

        public override int GetHashCode() => Seconds.GetHashCode() * 31 + (int)Nanoseconds;

        public static bool operator ==(MessagePackTimestamp a, MessagePackTimestamp b) => a.Equals(b);

        public static bool operator !=(MessagePackTimestamp a, MessagePackTimestamp b) => !a.Equals(b);

        public override string ToString() =>
            Seconds.ToString(CultureInfo.InvariantCulture) + "." + Nanoseconds.ToString("D9", CultureInfo.InvariantCulture) + "s";
    }
}
