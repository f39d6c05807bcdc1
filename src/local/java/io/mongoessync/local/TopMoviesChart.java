package io.mongoessync.local;

import io.mongoessync.cli.ElasticsearchHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.cli.ElasticsearchHttp;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardPieSectionLabelGenerator;
import org.jfree.chart.plot.PiePlot;
import org.jfree.data.general.DefaultPieDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The walkthrough's chart without Kibana: the ten most popular movies, from a terms aggregation
 * on the synced index, drawn as a pie chart (JFreeChart) into a PNG.
 */
public final class TopMoviesChart {

    static final String AGGREGATION = "{\"size\":0,\"aggs\":{\"top\":{\"terms\":{\"field\":\"title.keyword\","
            + "\"size\":10,\"order\":{\"popularity\":\"desc\"}},\"aggs\":{\"popularity\":{\"max\":{\"field\":\"popularity\"}}}}}}";

    private TopMoviesChart() {}

    /** Title to popularity of the ten most popular titles, most popular first. */
    public static Map<String, Double> top10(ElasticsearchHttp http, String index) {
        Map<String, Double> top = new LinkedHashMap<>();
        JsonNode buckets = http.post("/" + index + "/_search", AGGREGATION).path("aggregations").path("top").path("buckets");
        for (JsonNode bucket : buckets) {
            top.put(bucket.path("key").asText(), bucket.path("popularity").path("value").asDouble());
        }
        return top;
    }

    public static void write(Map<String, Double> top, Path png) throws IOException {
        DefaultPieDataset<String> data = new DefaultPieDataset<>();
        top.forEach(data::setValue);
        JFreeChart chart = ChartFactory.createPieChart("Top 10 movies by popularity", data, true, true, false);
        ((PiePlot<?>) chart.getPlot()).setLabelGenerator(new StandardPieSectionLabelGenerator("{0}: {1}"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 600);
    }
}
