package dev.plantctl.connectors;

import dev.plantctl.core.RawSample;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A transactional Sink V2 for samples: the writer hands the samples of each checkpoint to the committer, which puts
 * them into {@link CollectingSink}'s queue of the same name only once the checkpoint completed, and each batch only
 * once (a batch committed again after a restore is recognized by its id). The queue then holds exactly what the job
 * delivered in its checkpointed lineage, so a test sees duplicates and losses of the source, not of the sink.
 */
public final class ExactlyOnceSampleSink implements Sink<RawSample>, SupportsCommitter<ExactlyOnceSampleSink.Batch> {

    /** The samples a writer received between two checkpoints. */
    public record Batch(String id, List<RawSample> samples) {
    }

    private static final Set<String> COMMITTED = ConcurrentHashMap.newKeySet();

    private final String name;

    private ExactlyOnceSampleSink(String name) {
        this.name = name;
    }

    /** A sink into {@link CollectingSink#collected(String) the queue} {@code name}, emptied first. */
    public static ExactlyOnceSampleSink into(String name) {
        CollectingSink.collected(name).clear();
        return new ExactlyOnceSampleSink(name);
    }

    @Override
    public CommittingSinkWriter<RawSample, Batch> createWriter(WriterInitContext context) {
        return new CommittingSinkWriter<>() {
            private List<RawSample> pending = new ArrayList<>();

            @Override
            public Collection<Batch> prepareCommit() {
                Batch batch = new Batch(UUID.randomUUID().toString(), pending);
                pending = new ArrayList<>();
                return List.of(batch);
            }

            @Override
            public void write(RawSample element, Context context) {
                pending.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Committer<Batch> createCommitter(CommitterInitContext context) {
        Queue<RawSample> queue = CollectingSink.collected(name);
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<Batch>> requests) {
                for (CommitRequest<Batch> request : requests) {
                    if (COMMITTED.add(request.getCommittable().id())) {
                        queue.addAll(request.getCommittable().samples());
                    } else {
                        request.signalAlreadyCommitted();
                    }
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Batch> getCommittableSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Batch batch) throws IOException {
                DataOutputSerializer out = new DataOutputSerializer(256);
                out.writeUTF(batch.id());
                out.writeInt(batch.samples().size());
                for (RawSample s : batch.samples()) {
                    out.writeUTF(s.source());
                    out.writeUTF(s.address());
                    out.writeDouble(s.value());
                    out.writeUTF(s.valueType());
                    out.writeLong(s.sourceTime().getEpochSecond());
                    out.writeInt(s.sourceTime().getNano());
                    out.writeBoolean(s.serverTime() != null);
                    if (s.serverTime() != null) {
                        out.writeLong(s.serverTime().getEpochSecond());
                        out.writeInt(s.serverTime().getNano());
                    }
                    out.writeLong(s.statusCode());
                }
                return out.getCopyOfBuffer();
            }

            @Override
            public Batch deserialize(int version, byte[] bytes) throws IOException {
                DataInputDeserializer in = new DataInputDeserializer(bytes);
                String id = in.readUTF();
                int n = in.readInt();
                List<RawSample> samples = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String source = in.readUTF();
                    String address = in.readUTF();
                    double value = in.readDouble();
                    String type = in.readUTF();
                    Instant sourceTime = Instant.ofEpochSecond(in.readLong(), in.readInt());
                    Instant serverTime = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
                    samples.add(new RawSample(source, address, value, type, sourceTime, serverTime, in.readLong()));
                }
                return new Batch(id, samples);
            }
        };
    }
}
