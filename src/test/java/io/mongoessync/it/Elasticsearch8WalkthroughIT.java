package io.mongoessync.it;

import io.mongoessync.embedded.SearchDistribution;

/**
 * The walkthrough on Elasticsearch 8.19: the sink's 7.x client asks for 7.x-compatible answers,
 * and everything else (index setup, verify, the chart's aggregation) speaks plain REST.
 */
class Elasticsearch8WalkthroughIT extends OtherServerWalkthroughIT {

    @Override
    SearchDistribution distribution() {
        return SearchDistribution.ELASTICSEARCH_8;
    }
}
