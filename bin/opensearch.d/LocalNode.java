// A single local OpenSearch node on the ports bin/opensearch chooses: the runner's own
// command line sets only a base HTTP port (below 9300) and leaves the transport port to
// the 9300-9400 scan; this sets both, so several local nodes run side by side.
// Run by bin/opensearch with Java's source launcher: java -cp 'lib/*' LocalNode.java ...
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class LocalNode {
    public static void main(String[] args) throws Exception {
        String basePath = args[0];
        String clusterName = args[1];
        int httpPort = Integer.parseInt(args[2]);
        int transportPort = Integer.parseInt(args[3]);
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // no ceiling: the node takes the port it is given
        runner.onBuild((index, settings) -> {
            settings.put("http.port", String.valueOf(httpPort));
            settings.put("transport.port", String.valueOf(transportPort));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(basePath)
                .numOfNode(1)
                .clusterName(clusterName)
                .baseHttpPort(httpPort - 1));
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}
