package io.mongoessync.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopMoviesChartTest {

    @Test
    void writesAPieChartPng(@TempDir Path dir) throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            top.put("Movie " + i, 500.0 - i * 10);
        }
        Path png = dir.resolve("chart/top10.png");
        TopMoviesChart.write(top, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
        assertThat(image.getRGB(450, 300)).as("a slice is drawn in the middle").isNotEqualTo(image.getRGB(5, 5));
    }
}
